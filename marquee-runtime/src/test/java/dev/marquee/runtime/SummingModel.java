package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written {@link ServedModel} for scheduler and cache tests: input {@code x} FP64 {@code [n, 2]}, output
 * {@code sum} FP64 {@code [n]} (each row's sum) and {@code double} FP64 {@code [n, 2]} (each cell doubled). It records
 * the rows of every call, the values it saw and the threads it ran on; a NaN cell is INVALID_ARGUMENT. While
 * {@link #block()} is in force, calls wait (after announcing themselves) until {@link #unblock()}.
 */
final class SummingModel implements ServedModel {
    private final long memoryBytes;
    private final AtomicInteger closes;
    final List<Integer> callRows = new CopyOnWriteArrayList<>();
    final List<Double> valuesSeen = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(0);

    SummingModel() {
        this(0, new AtomicInteger());
    }

    SummingModel(long memoryBytes, AtomicInteger closes) {
        this.memoryBytes = memoryBytes;
        this.closes = closes;
    }

    /** From now on calls wait for {@link #unblock()}; returns a latch that opens when the first call is waiting. */
    CountDownLatch block() {
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        return entered;
    }

    void unblock() {
        gate.countDown();
    }

    @Override
    public String platform() {
        return "test_summing";
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return List.of(new TensorSpec("x", Datatype.FP64, List.of(-1L, 2L)));
    }

    @Override
    public List<TensorSpec> outputSpecs() {
        return List.of(
                new TensorSpec("sum", Datatype.FP64, List.of(-1L)),
                new TensorSpec("double", Datatype.FP64, List.of(-1L, 2L)));
    }

    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        InferenceTensor x = request.inputs().getFirst();
        int rows = Math.toIntExact(x.shape().getFirst());
        callRows.add(rows);
        threads.add(Thread.currentThread());
        entered.countDown();
        try {
            if (!gate.await(1, TimeUnit.MINUTES)) {
                throw new AssertionError("the test never unblocked the model");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        double[] values = ((TensorData.Numbers) x.data()).values();
        for (int index = 0; index < values.length; index++) {
            if (Double.isNaN(values[index])) {
                throw MarqueeException.invalid("input 'x' row %d is NaN", index / 2);
            }
        }
        for (double value : values) {
            valuesSeen.add(value);
        }
        double[] sums = new double[rows];
        double[] doubled = new double[values.length];
        for (int row = 0; row < rows; row++) {
            sums[row] = values[2 * row] + values[2 * row + 1];
        }
        for (int index = 0; index < values.length; index++) {
            doubled[index] = 2 * values[index];
        }
        List<String> names = request.requestedOutputs().isEmpty() ? List.of("sum", "double") : request.requestedOutputs();
        List<InferenceTensor> outputs = new ArrayList<>();
        for (String name : names) {
            outputs.add(name.equals("sum")
                    ? InferenceTensor.numbers("sum", Datatype.FP64, sums, rows)
                    : InferenceTensor.numbers("double", Datatype.FP64, doubled, rows, 2));
        }
        return outputs;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** A request of {@code rows.length} rows {@code [a, b]}. */
    static InferenceRequest request(double[]... rows) {
        double[] flat = new double[rows.length * 2];
        for (int row = 0; row < rows.length; row++) {
            flat[2 * row] = rows[row][0];
            flat[2 * row + 1] = rows[row][1];
        }
        return new InferenceRequest(
                java.util.Optional.empty(),
                List.of(InferenceTensor.numbers("x", Datatype.FP64, flat, rows.length, 2)),
                List.of(),
                java.util.Map.of());
    }
}
