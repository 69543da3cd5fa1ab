package dev.marquee.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API key secrets: random 256-bit tokens, stored only as their SHA-256. Thread-safe. */
public final class KeyTokens {
    /** Every token starts with this, so leaked keys are easy to scan for. */
    public static final String PREFIX = "mq_";

    private final SecureRandom random = new SecureRandom();

    /** A new token: {@code mq_} followed by 32 random bytes in URL-safe Base64. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * An untouched SHA-256 instance that {@link #hash} clones: looking the algorithm up through the security
     * providers cost more than the digest itself on the inference path. Never updated, so sharing it is safe.
     */
    private static final MessageDigest SHA_256 = sha256();

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes. */
    public static String hash(String token) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
