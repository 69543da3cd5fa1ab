package dev.marquee.runtime;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Guards a native resource (an ONNX Runtime session, an XGBoost booster) that concurrent requests use: uses run
 * together under a read lock, the release runs once, under the write lock, after the uses running at that moment have
 * finished; a use after the release is UNAVAILABLE. Thread-safe.
 */
final class NativeLifecycle {
    /** Work on the resource, which may throw the library's checked exception. */
    @FunctionalInterface
    interface Use<T, E extends Exception> {
        T run() throws E;
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean released;

    <T, E extends Exception> T use(Use<T, E> use) throws E {
        ReentrantReadWriteLock.ReadLock running = lock.readLock();
        running.lock();
        try {
            if (released) {
                throw new MarqueeException(ErrorCode.UNAVAILABLE, "the model has been unloaded; retry the request");
            }
            return use.run();
        } finally {
            running.unlock();
        }
    }

    /** Runs {@code release} once no use is running; later calls do nothing. */
    void release(Runnable release) {
        ReentrantReadWriteLock.WriteLock closing = lock.writeLock();
        closing.lock();
        try {
            if (!released) {
                released = true;
                release.run();
            }
        } finally {
            closing.unlock();
        }
    }

    /** The first line of a native library's error message (they can run to pages). */
    static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("(no message)");
    }
}
