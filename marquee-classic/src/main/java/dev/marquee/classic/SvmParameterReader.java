package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.CellValues;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;
import java.util.function.IntPredicate;

/**
 * A {@link ParameterReader} that also reads the text parameters the SVMs have: a choice among names ({@code loss},
 * {@code kernel}) and a number that may be given as a keyword ({@code gamma = scale}). Numbers go through the core
 * reader, so their messages are the usual ones; unknown names are rejected with the core reader's message, listing
 * the text parameters too. Not thread-safe; use one reader per call.
 */
final class SvmParameterReader {
    private final String algorithm;
    private final Map<String, String> given;
    private final ParameterReader numbers;
    private final Set<String> declared = new HashSet<>();
    private final Map<String, String> texts = new HashMap<>();

    /**
     * @param textNames the names this algorithm reads with {@link #choice} or {@link #realOrKeyword}, which the core
     *     reader must not see
     */
    SvmParameterReader(String algorithm, Map<String, String> given, Set<String> textNames) {
        this.algorithm = requireNonNull(algorithm, "algorithm is null");
        this.given = Map.copyOf(requireNonNull(given, "given is null"));
        Map<String, String> numeric = new HashMap<>(this.given);
        numeric.keySet().removeAll(textNames);
        this.numbers = new ParameterReader(algorithm, numeric);
    }

    int integer(String name, int defaultValue, IntPredicate valid, String requirement) {
        declared.add(name);
        return numbers.integer(name, defaultValue, valid, requirement);
    }

    double real(String name, double defaultValue, DoublePredicate valid, String requirement) {
        declared.add(name);
        return numbers.real(name, defaultValue, valid, requirement);
    }

    /** One of {@code allowed}, compared after stripping and lower-casing. */
    String choice(String name, String defaultValue, List<String> allowed) {
        declared.add(name);
        String text = given.get(name);
        String value = text == null ? defaultValue : text.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must be one of %s, was '%s'", name, algorithm, allowed, text);
        }
        texts.put(name, value);
        return value;
    }

    /**
     * A finite number satisfying {@code valid}, or {@code keyword}, which is also the default.
     *
     * @return the number, or empty for the keyword
     */
    OptionalDouble realOrKeyword(String name, String keyword, DoublePredicate valid, String requirement) {
        declared.add(name);
        String text = given.get(name);
        if (text == null || text.strip().equalsIgnoreCase(keyword)) {
            texts.put(name, keyword);
            return OptionalDouble.empty();
        }
        double value = CellValues.number(text).orElseThrow(() -> MarqueeException.invalid(
                "parameter '%s' of %s must be '%s' or a finite number, was '%s'", name, algorithm, keyword, text));
        if (!valid.test(value)) {
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must %s, was %s", name, algorithm, requirement, value);
        }
        texts.put(name, Double.toString(value));
        return OptionalDouble.of(value);
    }

    /**
     * Every declared parameter with its value, defaults filled in.
     *
     * @throws MarqueeException INVALID_ARGUMENT when a given name was never declared
     */
    Map<String, String> finish() {
        for (String name : new TreeSet<>(given.keySet())) {
            if (!declared.contains(name)) {
                throw MarqueeException.invalid(
                        "unknown parameter '%s' for %s; known parameters are %s",
                        name,
                        algorithm,
                        new TreeSet<>(declared));
            }
        }
        Map<String, String> resolved = new HashMap<>(numbers.finish());
        resolved.putAll(texts);
        return Map.copyOf(resolved);
    }
}
