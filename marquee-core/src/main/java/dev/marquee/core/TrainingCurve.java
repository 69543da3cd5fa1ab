package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How training went, step by step (iteration, epoch or boosting round): the values an algorithm reported through
 * {@link ProgressListener#curve}, such as {@code loss} and {@code validation_loss}. Kept with the model version so a
 * loss curve can be drawn later; long trainings are thinned to at most {@link #MAX_POINTS} evenly spread points.
 *
 * @param points in step order
 */
public record TrainingCurve(List<Point> points) {
    /** The curve of a model whose algorithm reports none, or that was trained before curves were recorded. */
    public static final TrainingCurve NONE = new TrainingCurve(List.of());

    /** Most points kept per curve. */
    public static final int MAX_POINTS = 1_000;

    public TrainingCurve {
        points = List.copyOf(requireNonNull(points, "points is null"));
    }

    /**
     * One step's values.
     *
     * @param step the iteration, epoch or round, from 1
     * @param values by name, e.g. {@code loss}
     */
    public record Point(int step, Map<String, Double> values) {
        public Point {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
        }
    }
}
