package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.EndpointLogging;
import dev.marquee.store.EndpointLoggingRecord;
import dev.marquee.store.MetadataStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Request-log policies from the metadata store, with server-wide defaults: an endpoint without a stored sample rate
 * gets {@code defaultSampleRate}, and the server's personal fields are always added to the endpoint's own. Each
 * endpoint's settings are cached for {@code refresh}, so the inference path reads the store at most once per
 * endpoint per refresh period; {@link #invalidate} makes a change made through this process apply at once (other
 * replicas see it within the refresh period). Thread-safe.
 */
public final class StoredRequestLogPolicies implements RequestLogPolicies {
    /** The settings of an endpoint that has none stored: server defaults only. */
    public static final EndpointLogging NO_SETTINGS = new EndpointLogging(OptionalDouble.empty(), List.of());

    private final MetadataStore store;
    private final double defaultSampleRate;
    private final Set<String> defaultPersonalFields;
    private final long refreshNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<Key, Cached> cache = new ConcurrentHashMap<>();

    private record Key(String tenantId, String endpoint) {}

    private record Cached(RequestLogPolicy policy, long loadedAtNanos) {}

    /**
     * @param nanoTime monotonic time source ({@code System::nanoTime})
     */
    public StoredRequestLogPolicies(
            MetadataStore store,
            double defaultSampleRate,
            List<String> defaultPersonalFields,
            Duration refresh,
            LongSupplier nanoTime) {
        this.store = requireNonNull(store, "store is null");
        this.defaultSampleRate = defaultSampleRate;
        this.defaultPersonalFields = Set.copyOf(requireNonNull(defaultPersonalFields, "defaultPersonalFields is null"));
        this.refreshNanos = requireNonNull(refresh, "refresh is null").toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        new RequestLogPolicy(defaultSampleRate, this.defaultPersonalFields); // validates the defaults
    }

    @Override
    public RequestLogPolicy policy(String tenantId, String endpoint) {
        Key key = new Key(tenantId, endpoint);
        long now = nanoTime.getAsLong();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.loadedAtNanos() < refreshNanos) {
            return cached.policy();
        }
        RequestLogPolicy policy = effective(store.endpointLogging()
                .find(tenantId, endpoint)
                .map(EndpointLoggingRecord::logging)
                .orElse(NO_SETTINGS));
        cache.put(key, new Cached(policy, now));
        return policy;
    }

    /** The policy that applies given an endpoint's stored settings ({@link #NO_SETTINGS} when it has none). */
    public RequestLogPolicy effective(EndpointLogging logging) {
        Set<String> fields = new HashSet<>(defaultPersonalFields);
        fields.addAll(logging.personalFields());
        return new RequestLogPolicy(logging.sampleRate().orElse(defaultSampleRate), fields);
    }

    /** The server-wide personal fields, added to every endpoint's own. */
    public Set<String> defaultPersonalFields() {
        return defaultPersonalFields;
    }

    /** Forgets the cached policy of an endpoint, so that the next call reads the store. */
    public void invalidate(String tenantId, String endpoint) {
        cache.remove(new Key(tenantId, endpoint));
    }
}
