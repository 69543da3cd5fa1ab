/**
 * Personalised recommendation over user-item interactions: the immutable {@link dev.marquee.recommend.Interactions}
 * value and its readers (CSV/TSV with a header, MovieLens {@code u.data} and {@code ratings.dat}, FilmTrust), the
 * RecBole evaluation protocols with full ranking over all items ({@link dev.marquee.recommend.Splits},
 * {@link dev.marquee.recommend.Evaluator}) and recommenders behind {@link dev.marquee.recommend.Recommender}:
 * most-popular (optionally time-decayed), item-kNN (cosine or BM25), EASE, implicit ALS
 * ({@link dev.marquee.recommend.ImplicitAls}, conjugate-gradient solves, parallel over users and items) and BPR-MF
 * ({@link dev.marquee.recommend.Bpr}). Relevance is binary for these: every interaction is a positive, whatever its
 * rating. Explicit rating prediction is separate: {@link dev.marquee.recommend.RatingRecommender} trains a
 * {@link dev.marquee.recommend.RatingModel} (biased matrix factorisation by SGD, as Surprise's {@code SVD}, or by ALS),
 * evaluated by RMSE and MAE on k-fold splits ({@link dev.marquee.recommend.Splits#kFold},
 * {@link dev.marquee.recommend.Evaluator#ratings}). Serving goes through
 * {@link dev.marquee.recommend.RecommendationEngine}: fold-in of request histories, popularity fallback, filters on an
 * item {@link dev.marquee.recommend.Catalogue}, business rules, MMR diversity, per-history-item explanations and
 * similar items. Everything here replays exactly: the same data, parameters and seed give the same result.
 */
package dev.marquee.recommend;
