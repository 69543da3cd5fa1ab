package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.ApiKey;
import dev.marquee.store.Tenant;

/** The authenticated caller: its key and the tenant the key belongs to. */
public record Principal(ApiKey key, Tenant tenant) {
    public Principal {
        requireNonNull(key, "key is null");
        requireNonNull(tenant, "tenant is null");
    }

    public String tenantId() {
        return tenant.id();
    }
}
