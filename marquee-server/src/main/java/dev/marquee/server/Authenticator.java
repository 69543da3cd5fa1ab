package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.store.ApiKey;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import dev.marquee.store.Tenant;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Turns an {@code Authorization: Bearer <token>} header into a {@link Principal}. A verified key is remembered for
 * {@code cacheTtl} so the hot inference path does not query the metadata store on every request; revoking a key
 * through this server forgets it at once ({@link #forgetKey}), other replicas notice within {@code cacheTtl}.
 * Unknown keys are never cached. Thread-safe.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";
    /** Beyond this many remembered keys the cache starts over, so random tokens cannot grow it without bound. */
    private static final int MAX_CACHED_KEYS = 10_000;

    private final MetadataStore store;
    private final long cacheTtlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Principal principal, long expiresAtNanos) {}

    /**
     * @param cacheTtl how long a verified key is trusted without a store lookup; zero disables the cache
     * @param nanoTime monotonic clock ({@code System::nanoTime} outside tests)
     */
    public Authenticator(MetadataStore store, Duration cacheTtl, LongSupplier nanoTime) {
        this.store = requireNonNull(store, "store is null");
        requireNonNull(cacheTtl, "cacheTtl is null");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
        }
        this.cacheTtlNanos = cacheTtl.toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** An authenticator that looks every key up in the store. */
    public Authenticator(MetadataStore store) {
        this(store, Duration.ZERO, System::nanoTime);
    }

    /** The caller, or UNAUTHENTICATED for a missing, malformed, unknown or revoked key. */
    public Principal authenticate(Optional<String> authorization) {
        String hash = keyHash(authorization);
        long now = nanoTime.getAsLong();
        Optional<Principal> cached = cached(hash, now);
        if (cached.isPresent()) {
            return cached.get();
        }
        Principal principal = lookUp(hash);
        if (cacheTtlNanos > 0) {
            if (verified.size() >= MAX_CACHED_KEYS) {
                verified.clear();
            }
            verified.put(hash, new Verified(principal, now + cacheTtlNanos));
        }
        return principal;
    }

    /**
     * As {@link #authorize}, but only from the cache of verified keys: empty, with no store lookup, when the key is
     * not cached (or the cache is off). A missing or malformed header, and a cached key without the scope, are
     * refused as by {@code authorize}.
     */
    public Optional<Principal> authorizeIfCached(Optional<String> authorization, Access.Scoped access) {
        Optional<Principal> cached = cached(keyHash(authorization), nanoTime.getAsLong());
        cached.ifPresent(principal -> requireScope(principal, access));
        return cached;
    }

    /** The SHA-256 of the bearer key; UNAUTHENTICATED for a missing or malformed header. */
    private static String keyHash(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new MarqueeException(
                ErrorCode.UNAUTHENTICATED, "missing API key: send 'Authorization: Bearer <key>'"));
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new MarqueeException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <key>'");
        }
        return KeyTokens.hash(header.substring(BEARER.length()).strip());
    }

    private Optional<Principal> cached(String hash, long now) {
        Verified cached = verified.get(hash);
        return cached != null && now - cached.expiresAtNanos() < 0 ? Optional.of(cached.principal()) : Optional.empty();
    }

    private Principal lookUp(String hash) {
        ApiKey key = store.apiKeys()
                .findActiveByHash(hash)
                .orElseThrow(() -> new MarqueeException(ErrorCode.UNAUTHENTICATED, "unknown or revoked API key"));
        Tenant tenant = store.tenants()
                .find(key.tenantId())
                .orElseThrow(() -> new MarqueeException(ErrorCode.UNAUTHENTICATED, "the key's tenant no longer exists"));
        return new Principal(key, tenant);
    }

    private static boolean allows(Principal principal, Access.Scoped access) {
        for (Scope scope : access.anyOf()) {
            if (principal.key().allows(scope)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets a key that was just revoked, so this server refuses it from the next request on. */
    public void forgetKey(String keyId) {
        verified.values().removeIf(entry -> entry.principal().key().id().equals(keyId));
    }

    /**
     * The caller of an operation that needs one of {@code access}'s scopes (admin holds all): UNAUTHENTICATED as in
     * {@link #authenticate}, PERMISSION_DENIED naming the scopes when the key holds none of them.
     */
    public Principal authorize(Optional<String> authorization, Access.Scoped access) {
        Principal principal = authenticate(authorization);
        requireScope(principal, access);
        return principal;
    }

    private static void requireScope(Principal principal, Access.Scoped access) {
        if (!allows(principal, access)) {
            throw new MarqueeException(
                    ErrorCode.PERMISSION_DENIED,
                    "this operation needs a key with scope %s".formatted(
                            access.anyOf().stream().map(Scope::name).map(String::toLowerCase).sorted().toList()));
        }
    }
}
