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
 * how fast a real algorithm converges. With {@code out_of_memory_at} it fails at that iteration as an allocation
 * failure would.
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
        reader.integer("out_of_memory_at", 0, value -> value >= 0, "be >= 0");
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        Map<String, String> resolved = resolveParameters(parameters);
        double maxSeconds = Double.parseDouble(resolved.get("max_seconds"));
        int outOfMemoryAt = Integer.parseInt(resolved.get("out_of_memory_at"));
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        for (int iteration = 1; System.nanoTime() < deadline; iteration++) {
            context.checkCancelled();
            if (iteration == outOfMemoryAt) {
                // What a real allocation failure throws; allocating until the test JVM runs out would risk the run.
                throw new OutOfMemoryError("Java heap space");
            }
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
