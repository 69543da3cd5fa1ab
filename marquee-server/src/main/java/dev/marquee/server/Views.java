package dev.marquee.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.store.ApiKey;
import dev.marquee.store.JobState;
import dev.marquee.store.Scope;
import dev.marquee.store.TrainingJobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Response shapes that differ from the stored records (lowercase enums, parsed request JSON). */
final class Views {
    private Views() {}

    record ApiKeyView(
            String id, String tenantId, String name, List<String> scopes, Instant createdAt, Optional<Instant> revokedAt) {}

    record CreatedApiKeyView(
            String id, String tenantId, String name, List<String> scopes, Instant createdAt, String token) {}

    record TrainingJobView(
            String id,
            String datasetId,
            String modelName,
            String algorithm,
            String state,
            double progress,
            String message,
            Map<String, Double> metrics,
            Optional<Integer> modelVersion,
            JsonNode request,
            Instant createdAt,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt,
            Optional<Long> etaSeconds) {}

    /** Below this progress an estimate of the remaining time is mostly noise. */
    private static final double LEAST_PROGRESS_FOR_ETA = 0.02;

    static ApiKeyView apiKey(ApiKey key) {
        return new ApiKeyView(key.id(), key.tenantId(), key.name(), scopes(key), key.createdAt(), key.revokedAt());
    }

    static CreatedApiKeyView createdApiKey(ApiKey key, String token) {
        return new CreatedApiKeyView(key.id(), key.tenantId(), key.name(), scopes(key), key.createdAt(), token);
    }

    private static List<String> scopes(ApiKey key) {
        return key.scopes().stream().map(Views::scopeName).sorted().toList();
    }

    static String scopeName(Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A job as the API shows it; a running job with some progress also gets {@code eta_seconds}, the remaining time
     * if the rest goes as fast as the part done so far.
     */
    static TrainingJobView job(TrainingJobRecord job, ObjectMapper mapper, Instant now) {
        JsonNode request;
        try {
            request = mapper.readTree(job.request());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrainingJobView(
                job.id(),
                job.datasetId(),
                job.modelName(),
                job.algorithm(),
                job.state().name().toLowerCase(Locale.ROOT),
                job.progress(),
                job.message(),
                job.metrics(),
                job.modelVersion(),
                request,
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                eta(job, now));
    }

    private static Optional<Long> eta(TrainingJobRecord job, Instant now) {
        double progress = job.progress();
        if (job.state() != JobState.RUNNING || progress < LEAST_PROGRESS_FOR_ETA || progress >= 1) {
            return Optional.empty();
        }
        return job.startedAt().map(started -> {
            double elapsed = Math.max(0, Duration.between(started, now).toMillis() / 1000.0);
            return Math.round(elapsed * (1 - progress) / progress);
        });
    }
}
