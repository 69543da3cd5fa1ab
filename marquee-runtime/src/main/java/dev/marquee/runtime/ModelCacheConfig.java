package dev.marquee.runtime;

/**
 * Limits of the {@link ModelCache}.
 *
 * @param memoryBudgetBytes most bytes of loaded models ({@link ServedModel#memoryBytes()} summed) kept loaded;
 *     least recently used models are evicted beyond it; positive
 * @param maxModels most models kept loaded, whatever their size; positive
 */
public record ModelCacheConfig(long memoryBudgetBytes, int maxModels) {
    public ModelCacheConfig {
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("memoryBudgetBytes must be positive: " + memoryBudgetBytes);
        }
        if (maxModels <= 0) {
            throw new IllegalArgumentException("maxModels must be positive: " + maxModels);
        }
    }

    /** A quarter of the maximum heap, the server's default {@code model-cache-memory}. */
    public static long defaultMemoryBudget() {
        return Math.max(1, Runtime.getRuntime().maxMemory() / 4);
    }
}
