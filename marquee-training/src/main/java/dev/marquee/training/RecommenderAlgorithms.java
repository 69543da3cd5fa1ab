package dev.marquee.training;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.recommend.BiasedFactorisationAls;
import dev.marquee.recommend.BiasedFactorisationSgd;
import dev.marquee.recommend.Bpr;
import dev.marquee.recommend.Ease;
import dev.marquee.recommend.ImplicitAls;
import dev.marquee.recommend.ItemKnn;
import dev.marquee.recommend.MostPopular;
import dev.marquee.recommend.RatingRecommender;
import dev.marquee.recommend.RatingScale;
import dev.marquee.recommend.Recommender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The recommenders training jobs accept, by API name, with their hyper-parameters read by {@link ParameterReader}
 * (unknown names and out-of-range values are INVALID_ARGUMENT naming the parameter). Two kinds: ranking recommenders
 * learn from binary interactions and are evaluated by a ranking protocol; {@code biased_mf} predicts explicit ratings
 * ({@link #isRatingPrediction}), is evaluated by RMSE and MAE (k-fold by default) and ranks by predicted rating when
 * served.
 *
 * <p>{@code biased_mf} has a {@code solver}: {@code sgd} (default) with Surprise's {@code SVD} defaults (factors 100,
 * epochs 20, learning_rate 0.005, regularization 0.02, initial_deviation 0.1), or {@code als} (factors 32,
 * iterations 10, regularization 0.1, initial_deviation 0.1); a parameter of the other solver is unknown.
 * Stateless.
 */
public final class RecommenderAlgorithms {
    /** The recommenders, with their description for {@code GET /v1/algorithms}. */
    private static final Map<String, String> DESCRIPTIONS = new TreeMap<>(Map.of(
            "most_popular", "items with the most users (half_life_seconds > 0: time-decayed popularity)",
            "item_knn", "item-based k-nearest neighbours, binary cosine with shrinkage",
            "ease", "EASE closed-form item-item model (catalogues up to about 10,000 items)",
            "implicit_als", "implicit-feedback matrix factorisation by alternating least squares",
            "bpr", "Bayesian personalised ranking matrix factorisation (SGD on sampled item pairs)",
            "biased_mf", "explicit rating prediction, biased matrix factorisation (solver sgd as Surprise's SVD, or"
                    + " als); ranks by predicted rating"));
    private static final String RATING_PREDICTION = "biased_mf";
    /** Stands in for the data's scale when only the parameters are resolved. */
    private static final RatingScale ANY_SCALE = new RatingScale(0, 1);
    /**
     * Implicit ALS's job defaults, from the plateau of FilmTrust validation NDCG@10 (0.44 to 0.48 for alpha 3 to 40
     * with regularization 3 to 10 times alpha; test 0.54 at these values). The library's 1 and 0.01 ({@code
     * implicit}'s) overfit popularity-dominated data: FilmTrust test NDCG@10 0.14, against 0.50 for most popular.
     * A coarse default grid (alpha 1 and 10 by regularization 1, 10 and 100) was tried and picked worse (0.50).
     */
    private static final double IMPLICIT_ALS_ALPHA = 10;
    private static final double IMPLICIT_ALS_REGULARIZATION = 50;
    private static final int BPR_EPOCHS = 100;

    /** The solvers of {@code biased_mf}. */
    private enum Solver {
        SGD,
        ALS
    }

    private RecommenderAlgorithms() {}

    /** The recommender names, sorted. */
    public static Set<String> names() {
        return DESCRIPTIONS.keySet();
    }

    public static boolean isRecommender(String algorithm) {
        return DESCRIPTIONS.containsKey(algorithm);
    }

    /** Whether the algorithm predicts explicit ratings (needs rated interactions, evaluated by RMSE and MAE). */
    public static boolean isRatingPrediction(String algorithm) {
        return RATING_PREDICTION.equals(algorithm);
    }

    /** The evaluation protocol of a job that names none: k-fold for rating prediction, per-user random otherwise. */
    public static EvaluationProtocol defaultProtocol(String algorithm) {
        return isRatingPrediction(algorithm) ? EvaluationProtocol.K_FOLD : EvaluationProtocol.PER_USER_RANDOM;
    }

    public static String description(String algorithm) {
        return DESCRIPTIONS.getOrDefault(algorithm, "");
    }

    /** Every parameter of the algorithm, defaults filled in; INVALID_ARGUMENT for a bad one or an unknown name. */
    public static Map<String, String> resolveParameters(String algorithm, Map<String, String> parameters) {
        return ParameterReader.resolve(algorithm, parameters, reader -> declare(algorithm, reader, 0, ANY_SCALE));
    }

    /**
     * The configured ranking recommender; {@code seed} seeds its randomness (initial factors, sampling).
     *
     * @throws IllegalArgumentException for a rating-prediction algorithm, which needs {@link #createRating}
     */
    public static Recommender create(String algorithm, Map<String, String> parameters, long seed) {
        if (isRatingPrediction(algorithm)) {
            throw new IllegalArgumentException(algorithm + " predicts ratings and needs a rating scale");
        }
        return ParameterReader.read(algorithm, parameters, reader -> declare(algorithm, reader, seed, ANY_SCALE));
    }

    /** The configured rating-prediction recommender over the data's rating scale. */
    public static RatingRecommender createRating(String algorithm, Map<String, String> parameters, long seed,
            RatingScale scale) {
        if (!isRatingPrediction(algorithm)) {
            throw new IllegalArgumentException(algorithm + " does not predict ratings");
        }
        return (RatingRecommender) ParameterReader.read(algorithm, parameters,
                reader -> declare(algorithm, reader, seed, scale));
    }

    private static Recommender declare(String algorithm, ParameterReader reader, long seed, RatingScale scale) {
        return switch (algorithm) {
            case "most_popular" -> {
                int halfLife = reader.integer("half_life_seconds", 0, value -> value >= 0, "be >= 0");
                yield halfLife == 0 ? MostPopular.counting() : MostPopular.timeDecayed(Duration.ofSeconds(halfLife));
            }
            case "item_knn" -> new ItemKnn(
                    reader.integer("neighbours", 100, value -> value >= 1, "be >= 1"),
                    reader.real("shrink", 0, value -> value >= 0 && Double.isFinite(value), "be >= 0"));
            case "ease" -> new Ease(reader.real("lambda", 250, value -> value > 0 && Double.isFinite(value), "be > 0"));
            case "implicit_als" -> new ImplicitAls(
                    reader.integer("factors", 64, value -> value >= 1 && value <= 1024, "be in [1, 1024]"),
                    reader.real("alpha", IMPLICIT_ALS_ALPHA, value -> value >= 0 && Double.isFinite(value), "be >= 0"),
                    reader.real("regularization", IMPLICIT_ALS_REGULARIZATION,
                            value -> value > 0 && Double.isFinite(value), "be > 0"),
                    reader.integer("iterations", 15, value -> value >= 1 && value <= 1000, "be in [1, 1000]"),
                    reader.integer("cg_steps", 3, value -> value >= 1 && value <= 100, "be in [1, 100]"),
                    seed,
                    reader.flag("weighted_regularization", false));
            case "bpr" -> new Bpr(
                    reader.integer("factors", 64, value -> value >= 1 && value <= 1024, "be in [1, 1024]"),
                    reader.real("learning_rate", 0.01, value -> value > 0 && value <= 1, "be in (0, 1]"),
                    reader.real("regularization", 0.01, value -> value >= 0 && Double.isFinite(value), "be >= 0"),
                    reader.integer("epochs", BPR_EPOCHS, value -> value >= 1 && value <= 10_000, "be in [1, 10000]"),
                    seed);
            case RATING_PREDICTION -> switch (reader.choice("solver", Solver.SGD)) {
                case ALS -> new BiasedFactorisationAls(
                        reader.integer("factors", 32, value -> value >= 1 && value <= 1024, "be in [1, 1024]"),
                        reader.integer("iterations", 10, value -> value >= 1 && value <= 1000, "be in [1, 1000]"),
                        reader.real("regularization", 0.1, value -> value > 0 && Double.isFinite(value), "be > 0"),
                        reader.real("initial_deviation", 0.1, value -> value >= 0 && value <= 10, "be in [0, 10]"),
                        scale,
                        seed);
                case SGD -> new BiasedFactorisationSgd(
                        reader.integer("factors", 100, value -> value >= 1 && value <= 1024, "be in [1, 1024]"),
                        reader.integer("epochs", 20, value -> value >= 1 && value <= 10_000, "be in [1, 10000]"),
                        reader.real("learning_rate", 0.005, value -> value > 0 && value <= 1, "be in (0, 1]"),
                        reader.real("regularization", 0.02, value -> value >= 0 && Double.isFinite(value), "be >= 0"),
                        reader.real("initial_deviation", 0.1, value -> value >= 0 && value <= 10, "be in [0, 10]"),
                        scale,
                        seed);
            };
            default -> throw MarqueeException.invalid("unknown recommender '%s'; available: %s", algorithm,
                    List.copyOf(names()));
        };
    }
}
