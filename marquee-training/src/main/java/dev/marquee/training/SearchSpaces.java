package dev.marquee.training;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a search space into the parameter combinations to try, each a map from parameter name to value text. Names
 * are taken in sorted order, so the same space (and seed) always gives the same combinations in the same order.
 */
final class SearchSpaces {
    private SearchSpaces() {}

    /**
     * Every combination, the last parameter by name varying fastest.
     *
     * @throws MarqueeException INVALID_ARGUMENT when there are more than {@value TuningSpec#MAX_TRIALS}
     */
    static List<Map<String, String>> grid(Map<String, SearchSpace> space) {
        List<String> names = List.copyOf(space.keySet());
        List<List<String>> axes = new ArrayList<>();
        long combinations = 1;
        for (String name : names) {
            List<String> points = gridPoints(name, space.get(name));
            axes.add(points);
            combinations *= points.size();
            if (combinations > TuningSpec.MAX_TRIALS) {
                throw MarqueeException.invalid(
                        "the tuning grid has more than %d combinations; narrow it or use random search",
                        TuningSpec.MAX_TRIALS);
            }
        }
        List<Map<String, String>> grid = new ArrayList<>();
        grid.add(Map.of());
        for (int axis = 0; axis < names.size(); axis++) {
            List<Map<String, String>> extended = new ArrayList<>();
            for (Map<String, String> partial : grid) {
                for (String value : axes.get(axis)) {
                    Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(names.get(axis), value);
                    extended.add(combination);
                }
            }
            grid = extended;
        }
        return grid.stream().map(Map::copyOf).toList();
    }

    /** {@code trials} independent draws: a list value uniformly, a range value uniformly on its scale. */
    static List<Map<String, String>> random(Map<String, SearchSpace> space, int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, String>> draws = new ArrayList<>(trials);
        for (int trial = 0; trial < trials; trial++) {
            Map<String, String> draw = new LinkedHashMap<>();
            space.forEach((name, values) -> draw.put(name, draw(values, random)));
            draws.add(Map.copyOf(draw));
        }
        return List.copyOf(draws);
    }

    private static List<String> gridPoints(String name, SearchSpace space) {
        return switch (space) {
            case SearchSpace.Values values -> List.copyOf(new LinkedHashSet<>(values.values()));
            case SearchSpace.Range range when range.integer() -> {
                long low = (long) Math.ceil(range.min());
                long high = (long) Math.floor(range.max());
                if (high - low >= TuningSpec.MAX_TRIALS) {
                    throw MarqueeException.invalid(
                            "the integer range of '%s' has more than %d values; narrow it or use random search",
                            name,
                            TuningSpec.MAX_TRIALS);
                }
                List<String> points = new ArrayList<>();
                for (long value = low; value <= high; value++) {
                    points.add(Long.toString(value));
                }
                yield points;
            }
            case SearchSpace.Range range -> {
                LinkedHashSet<String> points = new LinkedHashSet<>();
                int last = TuningSpec.GRID_POINTS_PER_RANGE - 1;
                for (int point = 0; point <= last; point++) {
                    double value = point == 0
                            ? range.min()
                            : point == last ? range.max() : scaled(range, point / (double) last);
                    points.add(Double.toString(value));
                }
                yield List.copyOf(points);
            }
        };
    }

    private static String draw(SearchSpace space, SplittableRandom random) {
        return switch (space) {
            case SearchSpace.Values values -> values.values().get(random.nextInt(values.values().size()));
            case SearchSpace.Range range when range.integer() -> {
                long low = (long) Math.ceil(range.min());
                long high = (long) Math.floor(range.max());
                // A log-uniform draw over [low, high + 1) floored gives each integer its share of the log scale.
                long value = range.log()
                        ? (long) Math.floor(Math.exp(Math.log(low)
                                + random.nextDouble() * (Math.log(high + 1.0) - Math.log(low))))
                        : low + random.nextLong(high - low + 1);
                yield Long.toString(Math.clamp(value, low, high));
            }
            case SearchSpace.Range range -> Double.toString(scaled(range, random.nextDouble()));
        };
    }

    /** The point at {@code position} in [0, 1] from min to max, on a log scale for a log range. */
    private static double scaled(SearchSpace.Range range, double position) {
        if (range.log()) {
            return Math.exp(Math.log(range.min()) + position * (Math.log(range.max()) - Math.log(range.min())));
        }
        return range.min() + position * (range.max() - range.min());
    }
}
