package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Limits of the request log.
 *
 * @param directory root of the log files: {@code <directory>/<tenant id>/<endpoint>/requests-<n>.jsonl}
 * @param maxEntryBytes largest line, newline included; larger entries lose tensor elements (marked
 *     {@code "truncated": true}); at least 1 KiB, so the entry's metadata always fits
 * @param maxFileBytes a file is rotated before a line would take it past this size; at least {@code maxEntryBytes}
 * @param maxFiles files kept per endpoint; the oldest is deleted when a rotation makes one too many
 * @param queueCapacity entries waiting for the writer; when full, new entries are dropped and counted
 * @param maxOpenFiles endpoint files kept open between writes (least recently written closed first)
 * @param closeTimeout how long closing waits for the writer to drain the queue
 */
public record RequestLogConfig(
        Path directory,
        int maxEntryBytes,
        long maxFileBytes,
        int maxFiles,
        int queueCapacity,
        int maxOpenFiles,
        Duration closeTimeout) {
    /** Smallest allowed {@code maxEntryBytes}. */
    public static final int MIN_ENTRY_BYTES = 1024;

    public RequestLogConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(closeTimeout, "closeTimeout is null");
        if (maxEntryBytes < MIN_ENTRY_BYTES) {
            throw new IllegalArgumentException(
                    "request-log-max-entry-bytes must be at least %d bytes: %d".formatted(MIN_ENTRY_BYTES, maxEntryBytes));
        }
        if (maxFileBytes < maxEntryBytes) {
            throw new IllegalArgumentException("request-log-max-file-bytes (%d) must be at least request-log-max-entry-bytes (%d)"
                    .formatted(maxFileBytes, maxEntryBytes));
        }
        if (maxFiles <= 0) {
            throw new IllegalArgumentException("request-log-max-files must be positive: " + maxFiles);
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("request-log-queue-capacity must be positive: " + queueCapacity);
        }
        if (maxOpenFiles <= 0) {
            throw new IllegalArgumentException("maxOpenFiles must be positive: " + maxOpenFiles);
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
        }
    }
}
