package dev.marquee.recommend;

import dev.marquee.core.MarqueeException;

/**
 * When and how {@link ItemIndex#forCatalogue} builds an approximate index.
 *
 * @param approximateAbove catalogues with more items than this get an HNSW index, smaller ones the exact scan
 *     (100,000 by default: an exact top-10 over 50,000 items at 64 factors takes well under a millisecond)
 * @param maxDegree the graph's maximum edges per node (HNSW {@code M}; 32 by default)
 * @param constructionBeamWidth candidates considered per insertion (HNSW {@code efConstruction}; 100 by default)
 * @param searchBeamWidth candidates kept while searching, at least K (HNSW {@code efSearch}; 100 by default); the
 *     candidates found are re-ranked by their exact inner product
 */
public record ItemIndexSettings(int approximateAbove, int maxDegree, int constructionBeamWidth, int searchBeamWidth) {
    public ItemIndexSettings {
        if (approximateAbove < 0) {
            throw MarqueeException.invalid("approximate index threshold must not be negative: %s", approximateAbove);
        }
        if (maxDegree < 2 || maxDegree > 512) {
            throw MarqueeException.invalid("HNSW max degree must be between 2 and 512: %s", maxDegree);
        }
        if (constructionBeamWidth < 1 || constructionBeamWidth > 10_000) {
            throw MarqueeException.invalid("HNSW construction beam width must be between 1 and 10000: %s",
                    constructionBeamWidth);
        }
        if (searchBeamWidth < 1 || searchBeamWidth > 10_000) {
            throw MarqueeException.invalid("HNSW search beam width must be between 1 and 10000: %s", searchBeamWidth);
        }
    }

    /** The documented defaults. */
    public static ItemIndexSettings defaults() {
        return new ItemIndexSettings(100_000, 32, 100, 100);
    }

    /** The same settings with another threshold. */
    public ItemIndexSettings withApproximateAbove(int newApproximateAbove) {
        return new ItemIndexSettings(newApproximateAbove, maxDegree, constructionBeamWidth, searchBeamWidth);
    }
}
