package dev.marquee.runtime;

import dev.marquee.core.Explanation;
import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A served model for traffic tests: it answers one BYTES output {@code variant} holding its own name, counts its
 * calls, and can be made to fail or to wait for a gate.
 */
final class StubModel implements ServedModel {
    /** What the model does when called. */
    enum Behaviour {
        ANSWER,
        FAIL,
        REJECT_INPUT,
        WAIT_FOR_GATE
    }

    private final String name;
    private final Behaviour behaviour;
    private final AtomicInteger calls = new AtomicInteger();
    private final Semaphore callsSeen = new Semaphore(0);
    private final CountDownLatch gate = new CountDownLatch(1);

    StubModel(String name, Behaviour behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    StubModel(String name) {
        this(name, Behaviour.ANSWER);
    }

    @Override
    public String platform() {
        return "stub";
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return List.of(new TensorSpec("x", Datatype.FP64, List.of(-1L)));
    }

    @Override
    public List<TensorSpec> outputSpecs() {
        return List.of(new TensorSpec("variant", Datatype.BYTES, List.of(1L)));
    }

    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        calls.incrementAndGet();
        callsSeen.release();
        switch (behaviour) {
            case ANSWER -> {}
            case FAIL -> throw new IllegalStateException(name + " is broken");
            case REJECT_INPUT -> throw MarqueeException.invalid("input 'x' is not what %s expects", name);
            case WAIT_FOR_GATE -> {
                if (isWarmUp(request)) {
                    break; // the cache's zero row on load never waits, so deploying does not
                }
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
        return List.of(InferenceTensor.strings("variant", new String[] {name}, 1));
    }

    /** Answers an empty explanation, counted as a call. */
    @Override
    public Explanation explain(InferenceRequest request) {
        calls.incrementAndGet();
        return new Explanation("stub", "raw", List.of(), List.of());
    }

    /** The model cache's warm-up: every input value zero (test requests send 1s). */
    private static boolean isWarmUp(InferenceRequest request) {
        return request.inputs().stream().allMatch(input -> input.data() instanceof TensorData.Numbers numbers
                && Arrays.stream(numbers.values()).allMatch(value -> value == 0));
    }

    @Override
    public long memoryBytes() {
        return 1;
    }

    int calls() {
        return calls.get();
    }

    /** Waits until the model has been called {@code count} times in all (counting from construction). */
    boolean awaitCalls(int count) throws InterruptedException {
        boolean seen = callsSeen.tryAcquire(count, 30, TimeUnit.SECONDS);
        if (seen) {
            callsSeen.release(count);
        }
        return seen;
    }

    void openGate() {
        gate.countDown();
    }
}
