package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the request log does with one endpoint's calls: the fraction it samples and the tensor and parameter names
 * whose values it pseudonymises (compared without regard to case).
 */
public record RequestLogPolicy(double sampleRate, Set<String> personalFields) {
    /** Logs nothing. */
    public static final RequestLogPolicy OFF = new RequestLogPolicy(0, Set.of());

    public RequestLogPolicy {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate must be in [0, 1]: " + sampleRate);
        }
        personalFields = lowerCase(requireNonNull(personalFields, "personalFields is null"));
    }

    /** Whether values of the tensor or parameter {@code name} must never be written as they are. */
    public boolean isPersonal(String name) {
        return personalFields.contains(name.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lowerCase(Collection<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
