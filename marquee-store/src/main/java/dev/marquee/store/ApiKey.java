package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * An API key's metadata. The secret token itself is never stored, only its SHA-256 hash (see
 * {@link ApiKeyRepository#findActiveByHash}).
 */
public record ApiKey(
        String id, String tenantId, String name, Set<Scope> scopes, Instant createdAt, Optional<Instant> revokedAt) {
    public ApiKey {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(name, "name is null");
        scopes = Set.copyOf(requireNonNull(scopes, "scopes is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    public boolean allows(Scope scope) {
        return revokedAt.isEmpty() && (scopes.contains(Scope.ADMIN) || scopes.contains(scope));
    }
}
