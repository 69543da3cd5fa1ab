package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A set of {@link Algorithm}s by name. Immutable and thread-safe. */
public final class Algorithms {
    private final SortedMap<String, Algorithm> byName;

    /**
     * @throws IllegalArgumentException when two algorithms share a name
     */
    public Algorithms(Collection<? extends Algorithm> algorithms) {
        SortedMap<String, Algorithm> map = new TreeMap<>();
        for (Algorithm algorithm : requireNonNull(algorithms, "algorithms is null")) {
            Algorithm previous = map.putIfAbsent(algorithm.name(), algorithm);
            if (previous != null) {
                throw new IllegalArgumentException("two algorithms are named '%s': %s and %s"
                        .formatted(algorithm.name(), previous.getClass().getName(), algorithm.getClass().getName()));
            }
        }
        this.byName = Collections.unmodifiableSortedMap(map);
    }

    /** The algorithms on the class path, found with {@link ServiceLoader}; loads them afresh on every call. */
    public static Algorithms installed() {
        List<Algorithm> algorithms = ServiceLoader.load(Algorithm.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        return new Algorithms(algorithms);
    }

    public Optional<Algorithm> find(String name) {
        return Optional.ofNullable(byName.get(requireNonNull(name, "name is null")));
    }

    /**
     * The named algorithm.
     *
     * @throws MarqueeException INVALID_ARGUMENT listing the known algorithms when there is none by that name
     */
    public Algorithm require(String name) {
        return find(name).orElseThrow(
                () -> MarqueeException.invalid("unknown algorithm '%s'; known algorithms are %s", name, names()));
    }

    /** The names, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }
}
