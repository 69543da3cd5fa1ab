package dev.marquee.core;

import java.util.regex.Pattern;

/** Validation of user-chosen names (datasets, models, endpoints, aliases, keys, tenants). */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Names() {}

    /**
     * Returns {@code value} when it is 1–63 characters of letters, digits, '.', '_' or '-' starting with a letter
     * or digit; otherwise an INVALID_ARGUMENT naming {@code field}.
     */
    public static String requireValid(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw MarqueeException.invalid("'%s' is required", field);
        }
        if (!NAME.matcher(value).matches()) {
            throw MarqueeException.invalid(
                    "'%s' must be 1-63 letters, digits, '.', '_' or '-' starting with a letter or digit, got '%s'",
                    field, value.length() > 80 ? value.substring(0, 80) + "..." : value);
        }
        return value;
    }
}
