package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.store.ApiKey;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.Scope;
import dev.marquee.store.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    private static final String TOKEN = "mq_test_token";

    @TempDir
    Path directory;

    private MetadataStore store;
    private ApiKey key;
    private final AtomicLong now = new AtomicLong();
    private Authenticator authenticator;

    @BeforeEach
    void setUp() {
        store = JdbcMetadataStore.openSqlite(directory.resolve("metadata.db"));
        Tenant tenant = store.tenants().create("studio", false);
        key = store.apiKeys().create(tenant.id(), "inference", Set.of(Scope.INFER), KeyTokens.hash(TOKEN));
        authenticator = new Authenticator(store, Duration.ofSeconds(10), now::get);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Principal authenticate() {
        return authenticator.authenticate(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void trustsAVerifiedKeyUntilTheCacheTimeToLivePasses() {
        assertThat(authenticate().key().id()).isEqualTo(key.id());
        store.apiKeys().revoke(key.tenantId(), key.id(), Instant.now());

        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(authenticate().key().id()).isEqualTo(key.id());

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(this::authenticate)
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void refusesAForgottenKeyAtOnce() {
        authenticate();
        store.apiKeys().revoke(key.tenantId(), key.id(), Instant.now());
        authenticator.forgetKey(key.id());

        assertThatThrownBy(this::authenticate).isInstanceOf(MarqueeException.class).hasMessageContaining("revoked");
    }

    @Test
    void neverCachesUnknownKeys() {
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer mq_unknown")))
                .isInstanceOf(MarqueeException.class);
        String hash = KeyTokens.hash("mq_unknown");
        store.apiKeys().create(key.tenantId(), "late", Set.of(Scope.INFER), hash);

        assertThat(authenticator.authenticate(Optional.of("Bearer mq_unknown")).key().name()).isEqualTo("late");
    }
}
