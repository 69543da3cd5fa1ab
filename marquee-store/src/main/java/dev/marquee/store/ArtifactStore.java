package dev.marquee.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

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

    /**
     * Like {@link #put(InputStream, long)}, but runs {@code check} on the complete, fsynced temporary file before it
     * is committed; when the check throws, the temporary file is deleted, nothing is stored and the exception
     * propagates. Used to validate uploads (e.g. parse a CSV) so that invalid content never enters the store.
     */
    StoredArtifact put(InputStream content, long maxBytes, Consumer<Path> check);

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
