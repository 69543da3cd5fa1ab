package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Published results that {@code marquee bench recommend} compares Marquee's best models with, for the data sets whose
 * numbers are published under the benchmark's per-user 80/10/10 protocol (ranking, full ranking, K = 10) and 5-fold
 * cross-validation (rating prediction). MovieLens-100K: RecBole's BPR and Surprise's SVD and SVD++ (issue 5's
 * anchors); FilmTrust: the best of RecBole-protocol runs (implicit ALS) and Surprise's SVD, from
 * {@code REFERENCE-NUMBERS.md}. Marquee's best ranking model is the one with the best validation NDCG@10, never chosen
 * on test.
 */
final class PublishedAnchors {
    /** Which of Marquee's numbers an anchor is compared with. */
    enum Metric {
        NDCG("NDCG@10"),
        RECALL("Recall@10"),
        MRR("MRR@10"),
        RMSE("RMSE, 5-fold");

        final String label;

        Metric(String label) {
            this.label = label;
        }
    }

    /**
     * One published number.
     *
     * @param source who published it, and for which model
     */
    record Anchor(String source, Metric metric, double value) {
        Anchor {
            requireNonNull(source, "source is null");
            requireNonNull(metric, "metric is null");
        }

        boolean beatenBy(double measured) {
            return metric == Metric.RMSE ? measured < value : measured > value;
        }
    }

    /**
     * An anchor against Marquee's number.
     *
     * @param model the Marquee model compared
     */
    record Comparison(Anchor anchor, String model, double measured, boolean beaten) {}

    private PublishedAnchors() {}

    /** The anchors of data read in {@code format}; empty for data without published numbers. */
    static List<Anchor> of(RecommendBenchCommand.Format format) {
        return switch (format) {
            case MOVIELENS_UDATA -> List.of(
                    new Anchor("RecBole BPR (MovieLens-100K)", Metric.NDCG, 0.2768),
                    new Anchor("RecBole BPR (MovieLens-100K)", Metric.RECALL, 0.2368),
                    new Anchor("RecBole BPR (MovieLens-100K)", Metric.MRR, 0.4519),
                    new Anchor("Surprise SVD (MovieLens-100K)", Metric.RMSE, 0.934),
                    new Anchor("Surprise SVD++ (MovieLens-100K)", Metric.RMSE, 0.919));
            case FILMTRUST -> List.of(
                    new Anchor("implicit ALS, RecBole protocol (FilmTrust)", Metric.NDCG, 0.550),
                    new Anchor("Surprise SVD (FilmTrust)", Metric.RMSE, 0.803));
            default -> List.of();
        };
    }

    /**
     * Each anchor against Marquee's best: the ranking model with the best validation NDCG@10 among {@code results}
     * (Marquee's own), and the rating model chosen on validation; an anchor with nothing to compare is left out.
     */
    static List<Comparison> compare(List<Anchor> anchors, List<RecommendBenchmark.Result> results,
            Optional<RecommendBenchmark.RatingResult> rating) {
        Optional<RecommendBenchmark.Result> best = results.stream()
                .filter(result -> result.library().equals("marquee"))
                .max(Comparator.comparingDouble(RecommendBenchmark.Result::validationNdcg));
        return anchors.stream().flatMap(anchor -> switch (anchor.metric()) {
            case NDCG -> best.map(result -> comparison(anchor, result.chosen(), result.ndcg())).stream();
            case RECALL -> best.map(result -> comparison(anchor, result.chosen(), result.recall())).stream();
            case MRR -> best.map(result -> comparison(anchor, result.chosen(), result.mrr())).stream();
            case RMSE -> rating.map(result -> comparison(anchor, result.chosen(), result.rmse())).stream();
        }).toList();
    }

    private static Comparison comparison(Anchor anchor, String model, double measured) {
        return new Comparison(anchor, model, measured, anchor.beatenBy(measured));
    }
}
