package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.AuditRepository;
import java.time.Clock;

/** Appends management actions to the audit log with the acting key and the time. Thread-safe. */
public final class AuditLog {
    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void record(Principal actor, String action, String target, String detail) {
        recordIn(actor.tenantId(), actor, action, target, detail);
    }

    public void recordIn(String tenantId, Principal actor, String action, String target, String detail) {
        repository.append(tenantId, actor.key().id(), action, target, detail, clock.instant());
    }

    Clock clock() {
        return clock;
    }
}
