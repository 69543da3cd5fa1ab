package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.MetadataStore;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the server takes inference requests: it is not shutting down and the metadata store answers. The REST
 * readiness route and the gRPC {@code ServerReady} call both ask this. Thread-safe.
 */
final class Readiness {
    private static final Logger LOG = Logger.getLogger(Readiness.class.getName());

    private final MetadataStore store;
    private final BooleanSupplier accepting;

    Readiness(MetadataStore store, BooleanSupplier accepting) {
        this.store = requireNonNull(store, "store is null");
        this.accepting = requireNonNull(accepting, "accepting is null");
    }

    boolean ready() {
        if (!accepting.getAsBoolean()) {
            return false;
        }
        try {
            store.tenants().findOperator();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "readiness check: the metadata store does not answer", e);
            return false;
        }
    }
}
