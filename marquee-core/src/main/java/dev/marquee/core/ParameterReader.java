package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;

/**
 * Reads an algorithm's hyper-parameters from text. Each {@code read} call declares one parameter with its default and
 * valid range; {@link #finish()} then rejects every given name that was not declared and returns the resolved values.
 * Failures are {@link ErrorCode#INVALID_ARGUMENT} naming the parameter, e.g. {@code "parameter 'l2' of
 * logistic_regression must be >= 0, was -1"}. Not thread-safe; use one reader per call.
 */
public final class ParameterReader {
    private final String algorithm;
    private final Map<String, String> given;
    private final Map<String, String> resolved = new LinkedHashMap<>();

    public ParameterReader(String algorithm, Map<String, String> given) {
        this.algorithm = requireNonNull(algorithm, "algorithm is null");
        this.given = Map.copyOf(requireNonNull(given, "given is null"));
    }

    /**
     * An integer parameter.
     *
     * @param requirement describes {@code valid} for the error message, e.g. {@code "be >= 1"}
     */
    public int integer(String name, int defaultValue, IntPredicate valid, String requirement) {
        String text = given.get(name);
        int value = defaultValue;
        if (text != null) {
            try {
                value = Integer.parseInt(text.strip());
            }
            catch (NumberFormatException e) {
                throw MarqueeException.invalid(
                        "parameter '%s' of %s is not an integer: '%s'", name, algorithm, text);
            }
        }
        if (!valid.test(value)) {
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must %s, was %s", name, algorithm, requirement, value);
        }
        resolved.put(name, Integer.toString(value));
        return value;
    }

    /**
     * A real parameter; must be finite.
     *
     * @param requirement describes {@code valid} for the error message, e.g. {@code "be >= 0"}
     */
    public double real(String name, double defaultValue, DoublePredicate valid, String requirement) {
        String text = given.get(name);
        double value = defaultValue;
        if (text != null) {
            value = CellValues.number(text).orElseThrow(() -> MarqueeException.invalid(
                    "parameter '%s' of %s is not a finite number: '%s'", name, algorithm, text));
        }
        if (!valid.test(value)) {
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must %s, was %s", name, algorithm, requirement, value);
        }
        resolved.put(name, Double.toString(value));
        return value;
    }

    /**
     * Every declared parameter with its value, defaults filled in, in declaration order.
     *
     * @throws MarqueeException INVALID_ARGUMENT when a given name was never declared
     */
    public Map<String, String> finish() {
        for (String name : new TreeSet<>(given.keySet())) {
            if (!resolved.containsKey(name)) {
                throw MarqueeException.invalid(
                        "unknown parameter '%s' for %s; known parameters are %s",
                        name,
                        algorithm,
                        new TreeSet<>(resolved.keySet()));
            }
        }
        return Map.copyOf(resolved);
    }
}
