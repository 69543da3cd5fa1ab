package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Content written to the artifact store: its lowercase hex SHA-256, size and final location. */
public record StoredArtifact(String sha256, long sizeBytes, Path path) {
    public StoredArtifact {
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(path, "path is null");
    }
}
