package dev.marquee.server;

import static dev.marquee.server.ConfigChecks.requirePositive;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the server can be configured with. {@link ServerConfigLoader} documents the keys, their defaults and
 * where they come from (file, environment, flags). {@code grpcPort} is empty when the gRPC listener is switched off.
 */
public record ServerConfig(
        String host,
        int httpPort,
        OptionalInt grpcPort,
        Path dataDirectory,
        Optional<String> adminKey,
        long maxUploadBytes,
        int maxRequestBytes,
        long maxInferElements,
        int trainingWorkers,
        int trainingQueueCapacity,
        Duration trainingTimeout,
        Duration shutdownGracePeriod,
        int auditPageLimit,
        Duration authCacheTtl,
        InferenceOptions inference,
        TrafficOptions traffic,
        RequestLogOptions requestLog,
        RecommendOptions recommend) {
    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(grpcPort, "grpcPort is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(adminKey, "adminKey is null");
        requireNonNull(trainingTimeout, "trainingTimeout is null");
        requireNonNull(shutdownGracePeriod, "shutdownGracePeriod is null");
        requireNonNull(authCacheTtl, "authCacheTtl is null");
        requireNonNull(inference, "inference is null");
        requireNonNull(traffic, "traffic is null");
        requireNonNull(requestLog, "requestLog is null");
        requireNonNull(recommend, "recommend is null");
        requirePositive("max-upload-size", maxUploadBytes);
        requirePositive("max-request-size", maxRequestBytes);
        requirePositive("max-infer-elements", maxInferElements);
        requirePositive("training-workers", trainingWorkers);
        requirePositive("training-queue-capacity", trainingQueueCapacity);
        requirePositive("audit-page-limit", auditPageLimit);
        requirePort("http-port", httpPort);
        grpcPort.ifPresent(port -> requirePort("grpc-port", port));
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be between 0 and 65535: " + port);
        }
    }
}
