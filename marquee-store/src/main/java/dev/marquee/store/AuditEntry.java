package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One management action: who (key id) did what (action, e.g. {@code dataset.create}) to which target. */
public record AuditEntry(long id, String tenantId, String actorKeyId, String action, String target, String detail, Instant at) {
    public AuditEntry {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(actorKeyId, "actorKeyId is null");
        requireNonNull(action, "action is null");
        requireNonNull(target, "target is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(at, "at is null");
    }
}
