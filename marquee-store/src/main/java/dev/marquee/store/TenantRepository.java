package dev.marquee.store;

import java.util.List;
import java.util.Optional;

/** Tenants. Thread-safe. */
public interface TenantRepository {
    /** Creates a tenant with a new random id; a taken name is a CONFLICT. */
    Tenant create(String name, boolean operator);

    Optional<Tenant> find(String id);

    /** The operator tenant, if first start has created it. */
    Optional<Tenant> findOperator();

    List<Tenant> list();
}
