package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for personal values: {@code "hmac:" + hex(HMAC-SHA256(tenantKey, value))[0..32]}, where the
 * tenant key is {@code HMAC-SHA256(secret, "marquee-request-log:" + tenantId)}. The same value of the same tenant
 * always gets the same pseudonym (so logs can still be joined and counted per user), the same value of two tenants
 * gets unrelated ones, and without the secret a pseudonym cannot be reversed by hashing guesses. The secret is held
 * only here and never printed ({@link #toString} hides it). Thread-safe.
 */
public final class Pseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 16;
    /** Shortest accepted secret. */
    public static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec secret;
    private final ConcurrentMap<String, SecretKeySpec> tenantKeys = new ConcurrentHashMap<>();

    public Pseudonyms(byte[] secret) {
        requireNonNull(secret, "secret is null");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the pseudonym secret must have at least %d bytes, got %d".formatted(MIN_SECRET_BYTES, secret.length));
        }
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A new keyed hasher for one tenant; not thread-safe, use it for one log entry. */
    Hasher hasher(String tenantId) {
        SecretKeySpec key = tenantKeys.computeIfAbsent(tenantId, this::deriveTenantKey);
        return new Hasher(newMac(key));
    }

    /** The pseudonym of {@code value} for {@code tenantId}. */
    public String pseudonym(String tenantId, String value) {
        return hasher(tenantId).pseudonym(value);
    }

    private SecretKeySpec deriveTenantKey(String tenantId) {
        byte[] derived = newMac(secret).doFinal(("marquee-request-log:" + tenantId).getBytes(StandardCharsets.UTF_8));
        return new SecretKeySpec(derived, ALGORITHM);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "Pseudonyms[HMAC-SHA256, secret hidden]";
    }

    /** Pseudonymises values with one tenant's key. Not thread-safe. */
    static final class Hasher {
        private final Mac mac;

        private Hasher(Mac mac) {
            this.mac = mac;
        }

        String pseudonym(String value) {
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "hmac:" + HexFormat.of().formatHex(digest, 0, PSEUDONYM_BYTES);
        }
    }
}
