package dev.marquee.core;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit of a string's UTF-8 bytes. Used instead of {@link String#hashCode()} because the hashes are
 * stored implicitly in model artifacts: MurmurHash3 is specified independently of Java, so the same value maps to the
 * same bucket in any language and any future JDK. Stateless and thread-safe.
 */
public final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    /** The 32-bit MurmurHash3 (x86 variant) of {@code value}'s UTF-8 bytes with {@code seed}. */
    public static int hash32(String value, int seed) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int hash = seed;
        int blocks = bytes.length / 4;
        for (int block = 0; block < blocks; block++) {
            int at = block * 4;
            int k = (bytes[at] & 0xff)
                    | (bytes[at + 1] & 0xff) << 8
                    | (bytes[at + 2] & 0xff) << 16
                    | (bytes[at + 3] & 0xff) << 24;
            hash ^= mixK(k);
            hash = Integer.rotateLeft(hash, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (bytes.length & 3) {
            case 3:
                k ^= (bytes[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (bytes[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= bytes[tail] & 0xff;
                hash ^= mixK(k);
                break;
            default:
                break;
        }
        hash ^= bytes.length;
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash;
    }

    private static int mixK(int k) {
        return Integer.rotateLeft(k * C1, 15) * C2;
    }
}
