package dev.marquee.store;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content-addressed blob storage (datasets, model artifacts). Writes are atomic: content goes to a temporary file,
 * is fsynced, then renamed into place, so a crash leaves either no blob or a whole one. Reads verify the SHA-256.
 * Thread-safe.
 */
public interface ArtifactStore {
    /**
     * Streams {@code content} into the store. Throws {@code MarqueeException(PAYLOAD_TOO_LARGE)} after deleting the
     * temporary file when more than {@code maxBytes} arrive.
     */
    StoredArtifact put(InputStream content, long maxBytes);

    StoredArtifact put(byte[] content);

    /**
     * The blob's bytes after verifying their SHA-256; {@code MarqueeException(DATA_CORRUPTED)} on mismatch,
     * {@code MarqueeException(NOT_FOUND)} when absent.
     */
    byte[] read(String sha256);

    /** The blob's path after verifying its SHA-256 by streaming it (same errors as {@link #read}). */
    Path verifiedPath(String sha256);

    boolean exists(String sha256);
}
