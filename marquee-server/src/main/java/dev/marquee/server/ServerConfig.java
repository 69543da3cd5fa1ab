package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server can be configured with. {@link ServerConfigLoader} documents the keys, their defaults and
 * where they come from (file, environment, flags).
 */
public record ServerConfig(
        String host,
        int httpPort,
        Path dataDirectory,
        Optional<String> adminKey,
        long maxUploadBytes,
        int maxRequestBytes,
        long maxInferElements,
        int trainingWorkers,
        int trainingQueueCapacity,
        Duration trainingTimeout,
        int maxLoadedModels,
        Duration shutdownGracePeriod,
        int auditPageLimit,
        RequestLogOptions requestLog) {
    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(adminKey, "adminKey is null");
        requireNonNull(trainingTimeout, "trainingTimeout is null");
        requireNonNull(shutdownGracePeriod, "shutdownGracePeriod is null");
        requireNonNull(requestLog, "requestLog is null");
        requirePositive("http-port", httpPort + 1);
        requirePositive("max-upload-size", maxUploadBytes);
        requirePositive("max-request-size", maxRequestBytes);
        requirePositive("max-infer-elements", maxInferElements);
        requirePositive("training-workers", trainingWorkers);
        requirePositive("training-queue-capacity", trainingQueueCapacity);
        requirePositive("max-loaded-models", maxLoadedModels);
        requirePositive("audit-page-limit", auditPageLimit);
        if (httpPort > 65535) {
            throw new IllegalArgumentException("http-port must be at most 65535: " + httpPort);
        }
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
