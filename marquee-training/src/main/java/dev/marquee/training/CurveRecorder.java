package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ProgressListener;
import dev.marquee.core.TrainingCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProgressListener} that passes progress on and keeps the reported curve points, thinned to at most
 * {@link TrainingCurve#MAX_POINTS}: when full, every other point is dropped and from then on only every second (then
 * fourth, ...) reported point is kept, so the kept points stay evenly spread over the whole training. Thread-safe.
 */
final class CurveRecorder implements ProgressListener {
    private final ProgressListener delegate;
    private final List<TrainingCurve.Point> points = new ArrayList<>();
    private long reported;
    private long stride = 1;

    CurveRecorder(ProgressListener delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public void progress(double fraction, String message) {
        delegate.progress(fraction, message);
    }

    @Override
    public synchronized void curve(int step, Map<String, Double> values) {
        requireNonNull(values, "values is null");
        if (reported++ % stride != 0) {
            return;
        }
        points.add(new TrainingCurve.Point(step, values));
        if (points.size() >= TrainingCurve.MAX_POINTS) {
            List<TrainingCurve.Point> kept = new ArrayList<>(points.size() / 2 + 1);
            for (int index = 0; index < points.size(); index += 2) {
                kept.add(points.get(index));
            }
            points.clear();
            points.addAll(kept);
            stride *= 2;
        }
    }

    synchronized TrainingCurve curve() {
        return new TrainingCurve(points);
    }
}
