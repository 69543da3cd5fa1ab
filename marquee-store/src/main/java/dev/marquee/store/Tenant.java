package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An isolated customer of the platform; every other record belongs to exactly one tenant. The operator tenant is
 * created on first start and holds the bootstrap admin key; only its admins may create other tenants.
 */
public record Tenant(String id, String name, boolean operator, Instant createdAt) {
    public Tenant {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
