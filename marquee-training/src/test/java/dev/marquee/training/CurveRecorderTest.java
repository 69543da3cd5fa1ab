package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.ProgressListener;
import dev.marquee.core.TrainingCurve;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurveRecorderTest {
    @Test
    void keepsEveryPointOfAShortTraining() {
        CurveRecorder recorder = new CurveRecorder(ProgressListener.NONE);
        for (int step = 1; step <= 10; step++) {
            recorder.curve(step, Map.of("loss", 1.0 / step));
        }
        assertThat(recorder.curve().points()).extracting(TrainingCurve.Point::step)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void thinsALongTrainingEvenlyWithinTheLimit() {
        CurveRecorder recorder = new CurveRecorder(ProgressListener.NONE);
        int steps = 10 * TrainingCurve.MAX_POINTS;
        for (int step = 1; step <= steps; step++) {
            recorder.curve(step, Map.of("loss", 1.0 / step));
        }
        List<TrainingCurve.Point> points = recorder.curve().points();

        assertThat(points).hasSizeLessThan(TrainingCurve.MAX_POINTS).hasSizeGreaterThan(TrainingCurve.MAX_POINTS / 4);
        assertThat(points.getFirst().step()).isEqualTo(1);
        assertThat(points.getLast().step()).isGreaterThan(steps - steps / 50);
        int gap = points.get(1).step() - points.get(0).step();
        for (int index = 1; index < points.size(); index++) {
            assertThat(points.get(index).step() - points.get(index - 1).step()).isEqualTo(gap);
        }
    }
}
