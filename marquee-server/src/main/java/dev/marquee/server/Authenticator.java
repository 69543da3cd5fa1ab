package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.store.ApiKey;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import dev.marquee.store.Tenant;
import java.util.Optional;

/** Turns an {@code Authorization: Bearer <token>} header into a {@link Principal}. Thread-safe. */
public final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final MetadataStore store;

    public Authenticator(MetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The caller, or UNAUTHENTICATED for a missing, malformed, unknown or revoked key. */
    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new MarqueeException(
                ErrorCode.UNAUTHENTICATED, "missing API key: send 'Authorization: Bearer <key>'"));
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new MarqueeException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <key>'");
        }
        String token = header.substring(BEARER.length()).strip();
        ApiKey key = store.apiKeys()
                .findActiveByHash(KeyTokens.hash(token))
                .orElseThrow(() -> new MarqueeException(ErrorCode.UNAUTHENTICATED, "unknown or revoked API key"));
        Tenant tenant = store.tenants()
                .find(key.tenantId())
                .orElseThrow(() -> new MarqueeException(ErrorCode.UNAUTHENTICATED, "the key's tenant no longer exists"));
        return new Principal(key, tenant);
    }

    /**
     * The caller of an operation that needs one of {@code access}'s scopes (admin holds all): UNAUTHENTICATED as in
     * {@link #authenticate}, PERMISSION_DENIED naming the scopes when the key holds none of them.
     */
    public Principal authorize(Optional<String> authorization, Access.Scoped access) {
        Principal principal = authenticate(authorization);
        boolean allowed = access.anyOf().stream().anyMatch(scope -> principal.key().allows(scope));
        if (!allowed) {
            throw new MarqueeException(
                    ErrorCode.PERMISSION_DENIED,
                    "this operation needs a key with scope %s".formatted(
                            access.anyOf().stream().map(Scope::name).map(String::toLowerCase).sorted().toList()));
        }
        return principal;
    }
}
