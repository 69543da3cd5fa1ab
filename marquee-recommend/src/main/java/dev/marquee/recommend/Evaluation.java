package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * Top-K ranking quality over the evaluated users (those with at least one target item), each metric the mean of the
 * per-user values as RecBole defines them, plus catalogue-level measures of the recommended lists.
 *
 * @param k the list length
 * @param users the number of users evaluated
 * @param ndcg NDCG@K with binary gains; the ideal DCG places {@code min(|targets|, K)} hits first
 * @param recall hits in the top K over the user's number of target items
 * @param precision hits in the top K over K
 * @param map MAP@K: the sum of precision@r over the hit ranks r, over {@code min(|targets|, K)}
 * @param mrr the reciprocal rank of the first hit in the top K, 0 when none
 * @param hitRate the share of users with at least one hit in the top K
 * @param itemCoverage distinct items recommended to anyone over the catalogue size (RecBole {@code ItemCoverage})
 * @param averagePopularity the mean over users of the mean training interaction count of the recommended items
 *     (RecBole {@code AveragePopularity}); the popularity bias of the recommender
 * @param novelty the mean over users of the mean self-information {@code -log2(max(count, 1) / trainingUsers)} of the
 *     recommended items, counts from the training interactions (Zhou et al. 2010; higher is more novel)
 * @param intraListDiversity the mean over users of the mean pairwise {@code 1 - cosine} between the item features of
 *     the recommended items; empty when no item features were given
 */
public record Evaluation(
        int k,
        int users,
        double ndcg,
        double recall,
        double precision,
        double map,
        double mrr,
        double hitRate,
        double itemCoverage,
        double averagePopularity,
        double novelty,
        OptionalDouble intraListDiversity) {
    public Evaluation {
        requireNonNull(intraListDiversity, "intraListDiversity is null");
    }
}
