package dev.marquee.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random record ids: a type prefix such as {@code ds_} and 16 hex digits (64 random bits), unguessable so that an
 * id alone reveals nothing about other records. Thread-safe.
 */
final class RandomIds {
    private final SecureRandom random = new SecureRandom();

    String next(String prefix) {
        return prefix + HexFormat.of().toHexDigits(random.nextLong());
    }
}
