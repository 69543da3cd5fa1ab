package dev.marquee.training;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.recommend.Ease;
import dev.marquee.recommend.ImplicitAls;
import dev.marquee.recommend.ItemKnn;
import dev.marquee.recommend.MostPopular;
import dev.marquee.recommend.Recommender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The recommenders training jobs accept, by API name, with their hyper-parameters read by {@link ParameterReader}
 * (unknown names and out-of-range values are INVALID_ARGUMENT naming the parameter). {@code bpr} and
 * {@code biased_mf} are reserved names, answered as not yet available. Stateless.
 */
public final class RecommenderAlgorithms {
    /** The recommenders, with their description for {@code GET /v1/algorithms}. */
    private static final Map<String, String> DESCRIPTIONS = new TreeMap<>(Map.of(
            "most_popular", "items with the most users (half_life_seconds > 0: time-decayed popularity)",
            "item_knn", "item-based k-nearest neighbours, binary cosine with shrinkage",
            "ease", "EASE closed-form item-item model (catalogues up to about 10,000 items)",
            "implicit_als", "implicit-feedback matrix factorisation by alternating least squares"));
    private static final Set<String> RESERVED = Set.of("bpr", "biased_mf");

    private RecommenderAlgorithms() {}

    /** The recommender names, sorted. */
    public static Set<String> names() {
        return DESCRIPTIONS.keySet();
    }

    public static boolean isRecommender(String algorithm) {
        return DESCRIPTIONS.containsKey(algorithm) || RESERVED.contains(algorithm);
    }

    public static String description(String algorithm) {
        return DESCRIPTIONS.getOrDefault(algorithm, "");
    }

    /** Every parameter of the algorithm, defaults filled in; INVALID_ARGUMENT for a bad one or an unknown name. */
    public static Map<String, String> resolveParameters(String algorithm, Map<String, String> parameters) {
        return ParameterReader.resolve(algorithm, parameters, reader -> declare(algorithm, reader, 0));
    }

    /** The configured recommender; {@code seed} seeds its randomness (ALS initial factors). */
    public static Recommender create(String algorithm, Map<String, String> parameters, long seed) {
        return ParameterReader.read(algorithm, parameters, reader -> declare(algorithm, reader, seed));
    }

    private static Recommender declare(String algorithm, ParameterReader reader, long seed) {
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
                    reader.real("alpha", 1, value -> value >= 0 && Double.isFinite(value), "be >= 0"),
                    reader.real("regularization", 0.01, value -> value > 0 && Double.isFinite(value), "be > 0"),
                    reader.integer("iterations", 15, value -> value >= 1 && value <= 1000, "be in [1, 1000]"),
                    reader.integer("cg_steps", 3, value -> value >= 1 && value <= 100, "be in [1, 100]"),
                    seed);
            default -> throw RESERVED.contains(algorithm)
                    ? MarqueeException.invalid("recommender '%s' is not available yet; available: %s", algorithm,
                            List.copyOf(names()))
                    : MarqueeException.invalid("unknown recommender '%s'; available: %s", algorithm,
                            List.copyOf(names()));
        };
    }
}
