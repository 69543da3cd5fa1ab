package dev.marquee.server;

import static java.util.Objects.requireNonNull;

/**
 * One configuration key: its dashed name (file key and {@code --set} name), the environment variable that sets it,
 * its default and what it means.
 */
public record ConfigSetting(String key, String defaultValue, String description) {
    public ConfigSetting {
        requireNonNull(key, "key is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
    }

    /** {@code max-upload-size} → {@code MARQUEE_MAX_UPLOAD_SIZE}. */
    public String environmentVariable() {
        return "MARQUEE_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
