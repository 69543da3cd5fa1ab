package dev.marquee.recommend;

import dev.marquee.core.MarqueeException;

/**
 * The limits a {@link RecommendationEngine} enforces on queries, and its cache sizes.
 *
 * @param maxK the largest {@code k} a query may ask for (default 1,000)
 * @param maxHistory the most history item ids a query may send (default 10,000)
 * @param maxExplanationItems the most contributing items per explanation (default 20)
 * @param diversityPoolFactor MMR re-ranks the {@code k * diversityPoolFactor} most relevant items (default 5)
 * @param availabilityCacheSize how many (region, date) availability masks are kept; the cache is cleared when full
 *     (default 256; each mask takes {@code items / 8} bytes)
 */
public record RecommendationLimits(int maxK, int maxHistory, int maxExplanationItems, int diversityPoolFactor,
        int availabilityCacheSize) {
    public RecommendationLimits {
        positive("maxK", maxK);
        positive("maxHistory", maxHistory);
        positive("maxExplanationItems", maxExplanationItems);
        positive("diversityPoolFactor", diversityPoolFactor);
        positive("availabilityCacheSize", availabilityCacheSize);
    }

    public static RecommendationLimits defaults() {
        return new RecommendationLimits(1_000, 10_000, 20, 5, 256);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw MarqueeException.invalid("recommendation limit %s must be at least 1: %s", name, value);
        }
    }
}
