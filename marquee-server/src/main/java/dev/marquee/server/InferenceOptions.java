package dev.marquee.server;

import static dev.marquee.server.ConfigChecks.requirePositive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The model-serving part of {@link ServerConfig}: the loaded-model cache and the inference scheduler
 * ({@link ServerConfigLoader} documents the keys and defaults).
 *
 * @param modelCacheMemoryBytes memory budget of loaded models ({@code model-cache-memory})
 * @param maxLoadedModels most models kept loaded ({@code max-loaded-models})
 * @param workers model executions that run at once ({@code inference-workers})
 * @param queueCapacity requests that may wait per endpoint version ({@code inference-queue-capacity})
 * @param batchMaxSize default most rows per model call; 1 disables batching ({@code batch-max-size})
 * @param batchMaxDelay default longest wait for a batch to fill ({@code batch-max-delay})
 * @param timeout longest an infer request may take, queueing included ({@code inference-timeout})
 * @param retryAfter Retry-After of 429 and 503 infer answers ({@code inference-retry-after})
 * @param grpcInlineBelow gRPC infer calls estimated to take less (from their route's recent calls and their size)
 *     run on the network thread ({@code grpc-inline-below}); zero never
 */
public record InferenceOptions(
        long modelCacheMemoryBytes,
        int maxLoadedModels,
        int workers,
        int queueCapacity,
        int batchMaxSize,
        Duration batchMaxDelay,
        Duration timeout,
        Duration retryAfter,
        Duration grpcInlineBelow) {
    public InferenceOptions {
        requireNonNull(batchMaxDelay, "batchMaxDelay is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(retryAfter, "retryAfter is null");
        requireNonNull(grpcInlineBelow, "grpcInlineBelow is null");
        requirePositive("model-cache-memory", modelCacheMemoryBytes);
        requirePositive("max-loaded-models", maxLoadedModels);
        requirePositive("inference-workers", workers);
        requirePositive("inference-queue-capacity", queueCapacity);
        requirePositive("batch-max-size", batchMaxSize);
        requirePositive("inference-timeout", timeout.toNanos());
    }
}
