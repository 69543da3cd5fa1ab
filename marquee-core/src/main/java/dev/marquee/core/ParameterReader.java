package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Reads an algorithm's hyper-parameters from text. Each call ({@link #integer}, {@link #real}, {@link #flag}, {@link
 * #choice}, {@link #text}, {@link #parsed}) declares one parameter with its default and valid values, and records its
 * value in a text form that the same call accepts again; {@link #finish()} then rejects every given name that was not
 * declared and returns the resolved values. Failures are {@link ErrorCode#INVALID_ARGUMENT} naming the parameter,
 * e.g. {@code "parameter 'l2' of logistic_regression must be >= 0, was -1"}. Not thread-safe; use one reader per call.
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
     * Reads {@code given} with {@code declare}, which declares every parameter of {@code algorithm} on a new reader,
     * and finishes the reader.
     *
     * @return what {@code declare} returns, typically the algorithm's settings
     * @throws MarqueeException INVALID_ARGUMENT for a bad value or an unknown name
     */
    public static <T> T read(
            String algorithm, Map<String, String> given, Function<? super ParameterReader, ? extends T> declare) {
        ParameterReader reader = new ParameterReader(algorithm, given);
        T settings = declare.apply(reader);
        reader.finish();
        return settings;
    }

    /**
     * Resolves {@code given} with {@code declare}, which declares every parameter of {@code algorithm} on a new
     * reader.
     *
     * @return the reader's {@link #finish()}
     * @throws MarqueeException INVALID_ARGUMENT for a bad value or an unknown name
     */
    public static Map<String, String> resolve(
            String algorithm, Map<String, String> given, Consumer<? super ParameterReader> declare) {
        ParameterReader reader = new ParameterReader(algorithm, given);
        declare.accept(reader);
        return reader.finish();
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

    /** A boolean parameter, written {@code true} or {@code false} in any case; recorded in lower case. */
    public boolean flag(String name, boolean defaultValue) {
        return parsed(name, defaultValue, ParameterReader::flag, String::valueOf, "be true or false");
    }

    /**
     * One of {@code allowed}, compared after stripping and lower-casing, so {@code allowed} holds lower-case values;
     * recorded as the allowed value.
     */
    public String choice(String name, String defaultValue, List<String> allowed) {
        List<String> values = List.copyOf(allowed);
        return parsed(
                name,
                defaultValue,
                text -> Optional.of(text.toLowerCase(Locale.ROOT)).filter(values::contains),
                Function.identity(),
                "be one of " + values);
    }

    /**
     * One of the constants of {@code defaultValue}'s enum, written as its lower-cased name in any case; recorded as
     * the lower-cased name.
     */
    public <E extends Enum<E>> E choice(String name, E defaultValue) {
        E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        Function<E, String> format = constant -> constant.name().toLowerCase(Locale.ROOT);
        return parsed(
                name,
                defaultValue,
                text -> Arrays.stream(constants).filter(constant -> constant.name().equalsIgnoreCase(text)).findFirst(),
                format,
                "be one of " + Arrays.stream(constants).map(format).toList());
    }

    /**
     * A free-form text parameter, stripped; recorded as stripped.
     *
     * @param valid tests the stripped text
     * @param requirement describes {@code valid} for the error message, e.g. {@code "be a column name"}
     */
    public String text(String name, String defaultValue, Predicate<String> valid, String requirement) {
        return parsed(name, defaultValue, text -> Optional.of(text).filter(valid), Function.identity(), requirement);
    }

    /**
     * A parameter of any type, e.g. a number or a keyword. Given text is stripped and handed to {@code parse}, which
     * returns empty when the text is not valid (or throws a {@link MarqueeException} with a more specific message);
     * the value is recorded as {@code format} writes it, which {@code parse} must accept.
     *
     * @param requirement describes what {@code parse} accepts for the error message, e.g. {@code "be 'scale' or a
     *     finite number > 0"}
     */
    public <T> T parsed(
            String name,
            T defaultValue,
            Function<String, Optional<T>> parse,
            Function<? super T, String> format,
            String requirement) {
        requireNonNull(defaultValue, "defaultValue is null");
        String text = given.get(name);
        T value = text == null
                ? defaultValue
                : parse.apply(text.strip()).orElseThrow(() -> MarqueeException.invalid(
                        "parameter '%s' of %s must %s, was '%s'", name, algorithm, requirement, text));
        resolved.put(name, format.apply(value));
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
        return Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
    }

    private static Optional<Boolean> flag(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        if (text.equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
