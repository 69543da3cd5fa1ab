package dev.marquee.runtime;

import java.io.IOException;

/**
 * Where the {@link RequestLog}'s writer thread puts finished lines. Called from that one thread only, so
 * implementations need not be thread-safe for writing.
 */
public interface RequestLogSink extends AutoCloseable {
    /** Appends one whole line (newline included) to the endpoint's log. */
    void append(String tenantId, String endpoint, byte[] line) throws IOException;

    /** Releases open files; called once, after the last append. */
    @Override
    void close() throws IOException;
}
