package dev.marquee.runtime;

import static dev.marquee.runtime.SummingModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceSchedulerTest {
    private static final BatchKey KEY = new BatchKey("tenant", "scores", "1");
    private static final Duration LONG = Duration.ofMinutes(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SummingModel model = new SummingModel();
    private InferenceScheduler scheduler;

    @AfterEach
    void close() {
        model.unblock();
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private InferenceScheduler scheduler(int workers) {
        scheduler = new InferenceScheduler(new InferenceSchedulerConfig(workers, Duration.ofSeconds(3)), meters);
        return scheduler;
    }

    private static Deadline later() {
        return Deadline.after(LONG);
    }

    private static double[] values(List<InferenceTensor> outputs, String name) {
        InferenceTensor tensor = outputs.stream().filter(output -> output.name().equals(name)).findFirst().orElseThrow();
        return ((TensorData.Numbers) tensor.data()).values();
    }

    @Test
    void mergesQueuedRequestsIntoOneModelCallAndGivesEachItsOwnRows() {
        scheduler(1);
        BatchingPolicy policy = new BatchingPolicy(4, LONG, 16);

        // The batch waits (up to a minute) until it holds 4 rows; the third request fills it.
        InferenceCall first = scheduler.submit(KEY, model, request(new double[] {1, 2}), policy, later());
        InferenceCall second = scheduler.submit(KEY, model, request(new double[] {10, 20}, new double[] {30, 40}), policy, later());
        InferenceCall third = scheduler.submit(KEY, model, request(new double[] {100, 200}), policy, later());

        assertThat(values(first.await(), "sum")).containsExactly(3);
        List<InferenceTensor> secondOutputs = second.await();
        assertThat(values(secondOutputs, "sum")).containsExactly(30, 70);
        assertThat(values(secondOutputs, "double")).containsExactly(20, 40, 60, 80);
        assertThat(secondOutputs.get(1).shape()).containsExactly(2L, 2L);
        assertThat(values(third.await(), "sum")).containsExactly(300);
        assertThat(model.callRows).containsExactly(4);
        assertThat(meters.get("marquee.inference.batch.size").summary().max()).isEqualTo(4);
    }

    @Test
    void aBadRequestInABatchFailsAloneAndTheOthersSucceed() {
        scheduler(1);
        BatchingPolicy policy = new BatchingPolicy(3, LONG, 16);

        InferenceCall good = scheduler.submit(KEY, model, request(new double[] {1, 1}), policy, later());
        InferenceCall bad = scheduler.submit(KEY, model, request(new double[] {Double.NaN, 1}), policy, later());
        InferenceCall alsoGood = scheduler.submit(KEY, model, request(new double[] {2, 2}), policy, later());

        assertThat(values(good.await(), "sum")).containsExactly(2);
        assertCode(bad::await, ErrorCode.INVALID_ARGUMENT);
        assertThat(values(alsoGood.await(), "sum")).containsExactly(4);
        // One merged attempt, then each request alone.
        assertThat(model.callRows).containsExactly(3, 1, 1, 1);
    }

    @Test
    void requestsAskingForDifferentOutputsAreNeverMerged() {
        scheduler(1);
        BatchingPolicy policy = new BatchingPolicy(2, Duration.ofMillis(1), 16);
        InferenceRequest onlySum = new InferenceRequest(
                Optional.empty(), request(new double[] {1, 1}).inputs(), List.of("sum"), Map.of());

        InferenceCall all = scheduler.submit(KEY, model, request(new double[] {5, 5}), policy, later());
        InferenceCall sum = scheduler.submit(KEY, model, onlySum, policy, later());

        assertThat(all.await()).extracting(InferenceTensor::name).containsExactly("sum", "double");
        assertThat(sum.await()).extracting(InferenceTensor::name).containsExactly("sum");
        assertThat(model.callRows).containsExactly(1, 1);
    }

    @Test
    void withoutBatchingAnIdleEndpointRunsTheRequestOnTheCallersThread() {
        scheduler(2);

        List<InferenceTensor> outputs = scheduler.infer(
                KEY, model, request(new double[] {1, 2}), BatchingPolicy.unbatched(4), later());

        assertThat(values(outputs, "sum")).containsExactly(3);
        assertThat(model.threads).containsExactly(Thread.currentThread());
    }

    @Test
    void aReservedSlotRunsOnTheCallersThreadAndClosingItFreesTheSlot() {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);

        try (InferenceScheduler.Slot slot = scheduler.reserve(KEY, policy, later()).orElseThrow()) {
            // The only worker is taken: a second reservation is declined, and nothing is queued for it.
            assertThat(scheduler.reserve(KEY, policy, later())).isEmpty();
            assertThat(scheduler.queued(KEY)).isZero();
            assertThat(values(slot.run(model, request(new double[] {1, 2})), "sum")).containsExactly(3);
        }

        assertThat(model.threads).containsExactly(Thread.currentThread());
        try (InferenceScheduler.Slot again = scheduler.reserve(KEY, policy, later()).orElseThrow()) {
            assertThat(values(again.run(model, request(new double[] {2, 2})), "sum")).containsExactly(4);
            again.close(); // closing twice frees the slot once
        }
        assertThat(values(scheduler.infer(KEY, model, request(new double[] {3, 3}), policy, later()), "sum"))
                .containsExactly(6);
    }

    @Test
    void tasksShareTheWorkersAndQueueOfInferences() throws Exception {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(1);
        assertThat(scheduler.call(KEY, policy, later(), Thread::currentThread)).isEqualTo(Thread.currentThread());

        // While an inference holds the only worker, a task waits in the queue and a worker thread runs it after.
        CountDownLatch running = model.block();
        Thread blocked = Thread.ofVirtual().start(() ->
                scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later()));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<String> answer = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> answer.set(scheduler.call(KEY, policy, later(), () -> {
            ranOn.set(Thread.currentThread());
            return "recommended";
        })));
        while (scheduler.queued(KEY) == 0) {
            Thread.onSpinWait();
        }
        // The queue holds one request: a second task is refused at once.
        assertCode(() -> scheduler.call(KEY, policy, later(), () -> "refused"), ErrorCode.RESOURCE_EXHAUSTED);

        model.unblock();
        blocked.join();
        caller.join();
        assertThat(answer.get()).isEqualTo("recommended");
        assertThat(ranOn.get().getName()).startsWith("marquee-inference-");
    }

    @Test
    void aTaskFailsWithItsOwnErrorAndPastItsDeadlineNeverRuns() {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);
        assertThatThrownBy(() -> scheduler.call(KEY, policy, later(), () -> {
            throw MarqueeException.invalid("no such item");
        })).isInstanceOfSatisfying(MarqueeException.class,
                failure -> assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        assertCode(() -> scheduler.call(KEY, policy, new Deadline(System.nanoTime() - 1), () -> ran.getAndSet(true)),
                ErrorCode.DEADLINE_EXCEEDED);
        assertThat(ran.get()).isFalse();
        // The failed task gave its slot back.
        assertThat(scheduler.call(KEY, policy, later(), () -> 7)).isEqualTo(7);
    }

    @Test
    void noSlotIsReservedWhenTheRequestWouldWaitForABatchOrBehindQueuedOnes() throws Exception {
        scheduler(1);
        assertThat(scheduler.reserve(KEY, new BatchingPolicy(4, LONG, 16), later())).isEmpty();

        BatchingPolicy policy = BatchingPolicy.unbatched(4);
        CountDownLatch running = model.block();
        Thread blocked = Thread.ofVirtual().start(() ->
                scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later()));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        InferenceCall queued = scheduler.submit(KEY, model, request(new double[] {2, 2}), policy, later());

        assertThat(scheduler.reserve(KEY, policy, later())).isEmpty();

        model.unblock();
        blocked.join();
        assertThat(values(queued.await(), "sum")).containsExactly(4);
        // The worker frees its slot just after completing the request: wait for it.
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        Optional<InferenceScheduler.Slot> free = scheduler.reserve(KEY, policy, later());
        while (free.isEmpty() && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
            free = scheduler.reserve(KEY, policy, later());
        }
        assertThat(free).hasValueSatisfying(InferenceScheduler.Slot::close);
    }

    @Test
    void reservingIsRefusedLikeInferenceWhenClosedOrPastTheDeadline() {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);

        assertThatThrownBy(() -> scheduler.reserve(KEY, policy, new Deadline(System.nanoTime() - 1)))
                .isInstanceOfSatisfying(MarqueeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        scheduler.close();
        assertThatThrownBy(() -> scheduler.reserve(KEY, policy, later()))
                .isInstanceOfSatisfying(MarqueeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aFullQueueRefusesAtOnceWithRetryAfterAndRecoversWhenTheModelFrees() throws Exception {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(2);
        CountDownLatch running = model.block();
        AtomicReference<List<InferenceTensor>> blockedOutputs = new AtomicReference<>();
        Thread blocked = Thread.ofVirtual().start(() ->
                blockedOutputs.set(scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later())));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();

        List<InferenceCall> queued = new ArrayList<>();
        queued.add(scheduler.submit(KEY, model, request(new double[] {2, 2}), policy, later()));
        queued.add(scheduler.submit(KEY, model, request(new double[] {3, 3}), policy, later()));
        assertThat(scheduler.queued(KEY)).isEqualTo(2);

        assertThatThrownBy(() -> scheduler.submit(KEY, model, request(new double[] {4, 4}), policy, later()))
                .isInstanceOfSatisfying(MarqueeException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(3));
                });

        model.unblock();
        blocked.join();
        assertThat(values(blockedOutputs.get(), "sum")).containsExactly(2);
        assertThat(values(queued.get(0).await(), "sum")).containsExactly(4);
        assertThat(values(queued.get(1).await(), "sum")).containsExactly(6);
        assertThat(values(scheduler.infer(KEY, model, request(new double[] {5, 5}), policy, later()), "sum"))
                .containsExactly(10);
        assertThat(model.valuesSeen).doesNotContain(4.0);
        assertThat(meters.get("marquee.inference.refused").tag("reason", "queue_full").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRequestWhoseDeadlinePassesWhileQueuedIsDroppedWithoutRunning() throws Exception {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);
        CountDownLatch running = model.block();
        Thread blocked = Thread.ofVirtual().start(() ->
                scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later()));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();

        // Refused at submission if the deadline already passed by then, else dropped from the queue: never run.
        assertCode(() -> scheduler.submit(KEY, model, request(new double[] {99, 99}), policy,
                        Deadline.after(Duration.ofMillis(20))).await(),
                ErrorCode.DEADLINE_EXCEEDED);
        assertThat(scheduler.queued(KEY)).isZero();
        model.unblock();
        blocked.join();
        scheduler.infer(KEY, model, request(new double[] {2, 2}), policy, later());
        assertThat(model.valuesSeen).doesNotContain(99.0);
    }

    @Test
    void aRequestPastItsDeadlineIsRefusedBeforeRunning() {
        scheduler(1);

        assertCode(() -> scheduler.infer(
                        KEY, model, request(new double[] {1, 1}), BatchingPolicy.unbatched(4),
                        new Deadline(System.nanoTime() - 1)),
                ErrorCode.DEADLINE_EXCEEDED);
        assertThat(model.callRows).isEmpty();
    }

    @Test
    void cancellingAQueuedRequestRemovesItFromTheQueue() throws Exception {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);
        CountDownLatch running = model.block();
        Thread blocked = Thread.ofVirtual().start(() ->
                scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later()));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        InferenceCall call = scheduler.submit(KEY, model, request(new double[] {77, 77}), policy, later());
        assertThat(scheduler.queued(KEY)).isEqualTo(1);

        assertThat(call.cancel()).isTrue();

        assertThat(scheduler.queued(KEY)).isZero();
        assertCode(call::await, ErrorCode.CANCELLED);
        model.unblock();
        blocked.join();
        scheduler.infer(KEY, model, request(new double[] {2, 2}), policy, later());
        assertThat(model.valuesSeen).doesNotContain(77.0);
        assertThat(call.cancel()).isFalse();
    }

    @Test
    void interruptingAWaitingCallerCancelsItsQueuedRequest() throws Exception {
        scheduler(1);
        BatchingPolicy policy = BatchingPolicy.unbatched(4);
        CountDownLatch running = model.block();
        Thread blocked = Thread.ofVirtual().start(() ->
                scheduler.infer(KEY, model, request(new double[] {1, 1}), policy, later()));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                scheduler.infer(KEY, model, request(new double[] {55, 55}), policy, later());
            } catch (MarqueeException e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (scheduler.queued(KEY) == 0 && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }

        waiting.interrupt();
        waiting.join();

        assertThat(failure.get()).isInstanceOfSatisfying(
                MarqueeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(scheduler.queued(KEY)).isZero();
        model.unblock();
        blocked.join();
        scheduler.infer(KEY, model, request(new double[] {2, 2}), policy, later());
        assertThat(model.valuesSeen).doesNotContain(55.0);
    }

    @Test
    void closingFailsQueuedRequestsAndRefusesNewOnesAsUnavailable() throws Exception {
        scheduler(1);
        BatchingPolicy policy = new BatchingPolicy(8, LONG, 4);
        InferenceCall queued = scheduler.submit(KEY, model, request(new double[] {1, 1}), policy, later());

        scheduler.close();

        assertCode(queued::await, ErrorCode.UNAVAILABLE);
        assertThatThrownBy(() -> scheduler.submit(KEY, model, request(new double[] {1, 1}), policy, later()))
                .isInstanceOfSatisfying(MarqueeException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(refused.retryAfter()).isPresent();
                });
        assertThat(model.callRows).isEmpty();
    }

    @Test
    void theTimeoutParameterShortensTheServerDeadlineButNeverExtendsIt() {
        InferenceRequest shortTimeout = new InferenceRequest(
                Optional.empty(), List.of(), List.of(), Map.of(Deadline.TIMEOUT_PARAMETER, 1_000));
        InferenceRequest longTimeout = new InferenceRequest(
                Optional.empty(), List.of(), List.of(), Map.of(Deadline.TIMEOUT_PARAMETER, 3_600_000_000L));

        assertThat(Deadline.forRequest(shortTimeout, LONG).remainingNanos()).isLessThanOrEqualTo(1_000_000);
        assertThat(Deadline.forRequest(longTimeout, Duration.ofSeconds(1)).remainingNanos())
                .isLessThanOrEqualTo(1_000_000_000);
        assertCode(() -> Deadline.forRequest(new InferenceRequest(
                        Optional.empty(), List.of(), List.of(), Map.of(Deadline.TIMEOUT_PARAMETER, "soon")), LONG),
                ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> Deadline.forRequest(new InferenceRequest(
                        Optional.empty(), List.of(), List.of(), Map.of(Deadline.TIMEOUT_PARAMETER, 0)), LONG),
                ErrorCode.INVALID_ARGUMENT);
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(
                MarqueeException.class, failure -> assertThat(failure.code()).isEqualTo(code));
    }
}
