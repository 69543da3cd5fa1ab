package dev.marquee.server;

/** The range checks the configuration records share; messages name the configuration key. */
final class ConfigChecks {
    private ConfigChecks() {}

    static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
