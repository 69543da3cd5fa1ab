package dev.marquee.store;

import dev.marquee.core.MarqueeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: digests and validation of the lowercase hex form used as artifact and key identity. */
final class Sha256 {
    private static final int HEX_LENGTH = 64;

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", impossible);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    static boolean isValid(String value) {
        if (value.length() != HEX_LENGTH) {
            return false;
        }
        for (int index = 0; index < HEX_LENGTH; index++) {
            char character = value.charAt(index);
            if (!(character >= '0' && character <= '9') && !(character >= 'a' && character <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Throws INVALID_ARGUMENT unless {@code value} is 64 lowercase hex characters. The value is not echoed: it may
     * be long, hostile, or the hash of a secret.
     */
    static String requireValid(String value, String name) {
        if (!isValid(value)) {
            throw MarqueeException.invalid("%s must be 64 lowercase hex characters", name);
        }
        return value;
    }
}
