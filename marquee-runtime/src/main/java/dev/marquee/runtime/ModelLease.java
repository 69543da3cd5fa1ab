package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The right to use one loaded model until {@link #close()}: while any lease on a model is open, the
 * {@link ModelCache} never closes it, even when it has been evicted. Close every lease exactly once (closing again is
 * harmless); a lease is meant for one request and is thread-safe.
 */
public final class ModelLease implements AutoCloseable {
    private final Consumer<ModelLease> release;
    /** Cleared on close so a forgotten lease object does not keep an unloaded model reachable. */
    private volatile ServedModel model;
    private final AtomicBoolean released = new AtomicBoolean();

    ModelLease(ServedModel model, Consumer<ModelLease> release) {
        this.model = requireNonNull(model, "model is null");
        this.release = requireNonNull(release, "release is null");
    }

    /** The leased model; do not keep it beyond {@link #close()}. IllegalStateException once closed. */
    public ServedModel model() {
        ServedModel leased = model;
        if (leased == null) {
            throw new IllegalStateException("the model lease is closed");
        }
        return leased;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            model = null;
            release.accept(this);
        }
    }
}
