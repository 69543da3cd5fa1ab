package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Where a model came from, so that its training can be replayed and audited. */
public record Provenance(
        String datasetId,
        String datasetSha256,
        long seed,
        String marqueeVersion,
        String jobId,
        Instant createdAt) {
    public Provenance {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetSha256, "datasetSha256 is null");
        requireNonNull(marqueeVersion, "marqueeVersion is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
