package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.runtime.Pseudonyms;
import dev.marquee.runtime.RequestLogConfig;
import dev.marquee.store.EndpointLogging;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The request-log part of {@link ServerConfig} ({@code request-log-*} keys; {@link ServerConfigLoader} documents
 * them). {@link #toString} never shows the secret.
 *
 * @param sampleRate fraction of inference calls logged on endpoints without a sample rate of their own
 * @param personalFields tensor and parameter names pseudonymised on every endpoint, besides the endpoint's own
 * @param secret key of the pseudonyms; empty: a random one kept in {@code <data-dir>/request-log.key}
 * @param maxEntryBytes largest log line; larger entries are cut and marked {@code "truncated": true}
 * @param maxFileBytes size at which an endpoint's log file is rotated
 * @param maxFiles log files kept per endpoint (the oldest deleted)
 * @param queueCapacity entries waiting to be written; more are dropped and counted
 * @param settingsRefresh how long a replica caches an endpoint's logging settings
 * @param pageLimit most entries one {@code GET .../request-logs} returns
 */
public record RequestLogOptions(
        double sampleRate,
        List<String> personalFields,
        Optional<String> secret,
        int maxEntryBytes,
        long maxFileBytes,
        int maxFiles,
        int queueCapacity,
        Duration settingsRefresh,
        int pageLimit) {
    public RequestLogOptions {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("request-log-sample-rate must be from 0 to 1: " + sampleRate);
        }
        personalFields = List.copyOf(requireNonNull(personalFields, "personalFields is null"));
        for (String field : personalFields) {
            try {
                EndpointLogging.requireValidField("request-log-personal-fields", field);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        requireNonNull(secret, "secret is null");
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < Pseudonyms.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "request-log-secret must have at least %d bytes".formatted(Pseudonyms.MIN_SECRET_BYTES));
        }
        requireNonNull(settingsRefresh, "settingsRefresh is null");
        if (settingsRefresh.isNegative()) {
            throw new IllegalArgumentException("request-log-settings-refresh must not be negative: " + settingsRefresh);
        }
        if (maxEntryBytes < RequestLogConfig.MIN_ENTRY_BYTES) {
            throw new IllegalArgumentException("request-log-max-entry-bytes must be at least %d: %d"
                    .formatted(RequestLogConfig.MIN_ENTRY_BYTES, maxEntryBytes));
        }
        if (maxFileBytes < maxEntryBytes) {
            throw new IllegalArgumentException(
                    "request-log-max-file-bytes must be at least request-log-max-entry-bytes: " + maxFileBytes);
        }
        if (maxFiles <= 0) {
            throw new IllegalArgumentException("request-log-max-files must be positive: " + maxFiles);
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("request-log-queue-capacity must be positive: " + queueCapacity);
        }
        if (pageLimit <= 0) {
            throw new IllegalArgumentException("request-log-page-limit must be positive: " + pageLimit);
        }
    }

    @Override
    public String toString() {
        return "RequestLogOptions[sampleRate=%s, personalFields=%s, secret=%s, maxEntryBytes=%d, maxFileBytes=%d, "
                        .formatted(sampleRate, personalFields, secret.isPresent() ? "(set)" : "(generated)",
                                maxEntryBytes, maxFileBytes)
                + "maxFiles=%d, queueCapacity=%d, settingsRefresh=%s, pageLimit=%d]"
                        .formatted(maxFiles, queueCapacity, settingsRefresh, pageLimit);
    }
}
