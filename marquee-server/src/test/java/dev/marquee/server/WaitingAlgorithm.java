package dev.marquee.server;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test-only algorithm, installed through the real algorithm SPI: it reports one progress step per iteration and
 * keeps iterating until the job is cancelled (or {@code max_seconds} pass), so job life-cycle tests do not depend on
 * how fast a real algorithm converges.
 */
public final class WaitingAlgorithm implements Algorithm {
    @Override
    public String name() {
        return "test_waiting";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        ParameterReader reader = new ParameterReader(name(), parameters);
        reader.real("max_seconds", 60, value -> value > 0, "be > 0");
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        double maxSeconds = Double.parseDouble(resolveParameters(parameters).get("max_seconds"));
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        for (int iteration = 1; System.nanoTime() < deadline; iteration++) {
            context.checkCancelled();
            context.progress().progress(Math.min(0.99, iteration / 1000.0), "iteration " + iteration);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw MarqueeException.invalid("test_waiting waited %s seconds without being cancelled", maxSeconds);
    }

    @Override
    public Class<? extends FittedModel> modelType() {
        return FittedModel.class;
    }
}
