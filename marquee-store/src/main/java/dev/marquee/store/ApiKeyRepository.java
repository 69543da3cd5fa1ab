package dev.marquee.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API keys, stored by the hex SHA-256 of their secret token only. Thread-safe. */
public interface ApiKeyRepository {
    /** Stores a new key with a new random id. */
    ApiKey create(String tenantId, String name, Set<Scope> scopes, String tokenSha256);

    /** The unrevoked key whose token hashes to {@code tokenSha256}. */
    Optional<ApiKey> findActiveByHash(String tokenSha256);

    Optional<ApiKey> find(String tenantId, String keyId);

    List<ApiKey> list(String tenantId);

    /** Revokes the key; false when no such key exists in that tenant. Revoking twice keeps the first time. */
    boolean revoke(String tenantId, String keyId, Instant at);
}
