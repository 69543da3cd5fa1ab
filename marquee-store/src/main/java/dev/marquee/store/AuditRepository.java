package dev.marquee.store;

import java.time.Instant;
import java.util.List;

/** Append-only audit log of management actions. Thread-safe. */
public interface AuditRepository {
    void append(String tenantId, String actorKeyId, String action, String target, String detail, Instant at);

    /** The tenant's newest entries first, at most {@code limit}. */
    List<AuditEntry> list(String tenantId, int limit);
}
