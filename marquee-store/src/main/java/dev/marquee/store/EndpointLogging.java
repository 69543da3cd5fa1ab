package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The request-log settings of one endpoint.
 *
 * @param sampleRate the fraction of calls to log, in [0, 1]; empty means the server default applies
 * @param personalFields names of input/output tensors and request parameters that hold personal data, matched
 *     without regard to case; duplicates (in any case) are dropped, the first spelling kept
 */
public record EndpointLogging(OptionalDouble sampleRate, List<String> personalFields) {
    /** Longest personal field name. */
    public static final int MAX_FIELD_LENGTH = 128;
    /** Most personal fields one endpoint may mark. */
    public static final int MAX_FIELDS = 256;

    /** Validates; a bad value is INVALID_ARGUMENT naming the API field ({@code sample_rate}, {@code personal_fields}). */
    public EndpointLogging {
        requireNonNull(sampleRate, "sampleRate is null");
        requireNonNull(personalFields, "personalFields is null");
        if (sampleRate.isPresent()) {
            double rate = sampleRate.getAsDouble();
            if (!(rate >= 0 && rate <= 1)) {
                throw MarqueeException.invalid("'sample_rate' must be a number from 0 to 1, got %s", rate);
            }
        }
        if (personalFields.size() > MAX_FIELDS) {
            throw MarqueeException.invalid(
                    "'personal_fields' may list at most %d names, got %d", MAX_FIELDS, personalFields.size());
        }
        List<String> distinct = new ArrayList<>(personalFields.size());
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < personalFields.size(); index++) {
            String field = requireValidField("personal_fields[" + index + "]", personalFields.get(index));
            if (seen.add(field.toLowerCase(Locale.ROOT))) {
                distinct.add(field);
            }
        }
        personalFields = List.copyOf(distinct);
    }

    /**
     * Returns {@code field} when it is a usable tensor or parameter name: 1–128 characters, no control characters,
     * no leading or trailing white space; otherwise INVALID_ARGUMENT naming {@code what}.
     */
    public static String requireValidField(String what, String field) {
        if (field == null || field.isEmpty() || field.length() > MAX_FIELD_LENGTH) {
            throw MarqueeException.invalid("'%s' must be a name of 1-%d characters", what, MAX_FIELD_LENGTH);
        }
        if (!field.strip().equals(field) || field.chars().anyMatch(Character::isISOControl)) {
            throw MarqueeException.invalid(
                    "'%s' must not contain control characters or start or end with white space", what);
        }
        return field;
    }
}
