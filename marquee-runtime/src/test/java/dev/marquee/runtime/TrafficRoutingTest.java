package dev.marquee.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import dev.marquee.runtime.StubModel.Behaviour;
import dev.marquee.store.EndpointBatching;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.LocalArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.StoredArtifact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weighted routes, sticky keys, shadows, atomic swaps and per-route metrics of {@link Deployments}. */
class TrafficRoutingTest {
    @TempDir
    Path directory;

    private MetadataStore store;
    private LocalArtifactStore artifacts;
    private final Map<String, StubModel> models = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String tenantId;

    @BeforeEach
    void openStore() {
        store = JdbcMetadataStore.openSqlite(directory.resolve("metadata.db"));
        artifacts = new LocalArtifactStore(directory.resolve("artifacts"));
        tenantId = store.tenants().create("studio", false).id();
    }

    private final InferenceScheduler scheduler =
            new InferenceScheduler(new InferenceSchedulerConfig(2, Duration.ofSeconds(1)), new SimpleMeterRegistry());

    @AfterEach
    void closeStore() {
        scheduler.close();
        store.close();
    }

    /** Registers a new version of {@code model} that loads as {@code stub}; returns its version number. */
    private int register(String model, StubModel stub) {
        StoredArtifact artifact = artifacts.put(("stub:" + stub.hashCode()).getBytes(UTF_8));
        models.put(new String(artifacts.read(artifact.sha256()), UTF_8), stub);
        return store.models()
                .createVersion(tenantId, model, artifact.sha256(), artifact.sizeBytes(),
                        new FakeModel(Task.REGRESSION).manifest(), Optional.empty())
                .version();
    }

    private Deployments deployments(TrafficSettings settings) {
        ModelLoader loader = bytes -> {
            StubModel stub = models.get(new String(bytes, UTF_8));
            if (stub == null) {
                throw MarqueeException.invalid("not a stub artifact");
            }
            return stub;
        };
        return new Deployments(store, new ModelCache(artifacts, loader, 64), scheduler, BatchingPolicy.unbatched(256),
                Duration.ofSeconds(30), settings, meters, Clock.systemUTC());
    }

    private Deployments deployments() {
        return deployments(TrafficSettings.DEFAULT);
    }

    private static RouteRequest route(String name, String model, int version, double weight) {
        return new RouteRequest(Optional.of(name), model, Integer.toString(version), weight);
    }

    private static TrafficRequest routes(RouteRequest... routes) {
        return new TrafficRequest(List.of(routes), List.of(), Optional.empty());
    }

    private static InferenceRequest request(Optional<String> id, Map<String, Object> parameters) {
        return new InferenceRequest(
                id, List.of(InferenceTensor.numbers("x", Datatype.FP64, new double[] {1}, 1)), List.of(), parameters);
    }

    private static InferenceRequest keyed(String key) {
        return request(Optional.empty(), Map.of(Deployments.ROUTING_KEY_PARAMETER, key));
    }

    private static String route(InferenceResponse response) {
        return (String) response.parameters().get(Deployments.ROUTE_PARAMETER);
    }

    @Test
    void routingKeysSplitTrafficAsTheWeightsSay() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("control", "churn", 1, 70), route("canary", "churn", 2, 30)));

        Map<String, Integer> counts = new HashMap<>();
        for (int user = 0; user < 10_000; user++) {
            counts.merge(route(deployments.infer(tenantId, "live", keyed("user-" + user))), 1, Integer::sum);
        }

        assertThat(counts.get("control") / 10_000.0).isBetween(0.67, 0.73);
        assertThat(counts.get("canary") / 10_000.0).isBetween(0.27, 0.33);
    }

    @Test
    void inferNowAnswersOnTheCallersThreadOnlyForACachedEndpointWhoseModelProvedFast() {
        register("churn", new StubModel("a"));
        Deployments deployments = deployments();
        Duration fast = Duration.ofMinutes(1);
        Deadline deadline = Deadline.after(Duration.ofMinutes(1));
        assertThat(deployments.inferNow(tenantId, "live", Optional.empty(), keyed("u"), deadline, fast)).isEmpty();

        deployments.deploy(tenantId, "live", routes(route("only", "churn", 1, 1)));
        // Too few calls to tell how fast the model is.
        assertThat(deployments.inferNow(tenantId, "live", Optional.empty(), keyed("u"), deadline, fast)).isEmpty();
        for (int call = 0; call < InferenceMetrics.RecentLatency.WARM_CALLS; call++) {
            deployments.infer(tenantId, "live", keyed("u"));
        }

        InferenceResponse now = deployments.inferNow(tenantId, "live", Optional.of(1), keyed("u"), deadline, fast)
                .orElseThrow();
        assertThat(route(now)).isEqualTo("only");
        assertThat(now.modelVersion()).isEqualTo("1");
        assertThat(requestCount("only", "success")).isEqualTo(InferenceMetrics.RecentLatency.WARM_CALLS + 1);
        // A request far larger than the ones timed is estimated to take as much longer: a million elements, at the
        // recent cost of one, would take seconds.
        InferenceRequest large = new InferenceRequest(Optional.empty(), List.of(InferenceTensor.numbers(
                "x", Datatype.FP64, new double[1_000_000], 1_000_000)), List.of(), Map.of());
        assertThat(deployments.inferNow(tenantId, "live", Optional.empty(), large, deadline, Duration.ofMillis(50)))
                .isEmpty();
        assertThat(deployments.inferNow(tenantId, "live", Optional.empty(), keyed("u"), deadline,
                Duration.ofMillis(50))).isPresent();
        // A zero threshold never runs a call now; neither does a process that has not loaded the endpoint yet.
        assertThat(deployments.inferNow(tenantId, "live", Optional.empty(), keyed("u"), deadline, Duration.ZERO))
                .isEmpty();
        assertThat(deployments().inferNow(tenantId, "live", Optional.empty(), keyed("u"), deadline, fast)).isEmpty();
        assertThatThrownBy(() -> deployments.inferNow(tenantId, "live", Optional.of(2), keyed("u"), deadline, fast))
                .isInstanceOfSatisfying(MarqueeException.class,
                        refused -> assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void theSameKeyAlwaysMeetsTheSameVariantAndItsVersion() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1), route("b", "churn", 2, 1)));

        Set<String> routesSeen = new HashSet<>();
        for (int user = 0; user < 200; user++) {
            InferenceResponse first = deployments.infer(tenantId, "live", keyed("user-" + user));
            for (int repeat = 0; repeat < 3; repeat++) {
                InferenceResponse again = deployments.infer(tenantId, "live", keyed("user-" + user));
                assertThat(route(again)).isEqualTo(route(first));
                assertThat(again.modelVersion()).isEqualTo(first.modelVersion());
            }
            assertThat(first.modelVersion()).isEqualTo(route(first).equals("a") ? "1" : "2");
            routesSeen.add(route(first));
        }
        assertThat(routesSeen).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void growingACanaryOnlyMovesKeysTowardsIt() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 90), route("b", "churn", 2, 10)));
        Map<String, String> before = new HashMap<>();
        for (int user = 0; user < 2_000; user++) {
            before.put("user-" + user, route(deployments.infer(tenantId, "live", keyed("user-" + user))));
        }

        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 80), route("b", "churn", 2, 20)));

        int moved = 0;
        for (Map.Entry<String, String> entry : before.entrySet()) {
            String after = route(deployments.infer(tenantId, "live", keyed(entry.getKey())));
            if (entry.getValue().equals("b")) {
                assertThat(after).as(entry.getKey()).isEqualTo("b");
            } else if (after.equals("b")) {
                moved++;
            }
        }
        assertThat(moved).isBetween(150, 250);
    }

    @Test
    void requestsWithoutKeyAreSplitAtRandomByWeight() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        register("churn", new StubModel("c"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(
                route("a", "churn", 1, 1), route("b", "churn", 2, 1), route("off", "churn", 3, 0)));

        Map<String, Integer> counts = new HashMap<>();
        for (int call = 0; call < 4_000; call++) {
            counts.merge(route(deployments.infer(tenantId, "live", request(Optional.empty(), Map.of()))), 1,
                    Integer::sum);
        }

        // Binomial(4000, 0.5) has a standard deviation of 32: 0.45–0.55 is over six of them.
        assertThat(counts.get("a") / 4_000.0).isBetween(0.45, 0.55);
        assertThat(counts).doesNotContainKey("off");
    }

    @Test
    void aRequestNamingAVersionGoesToTheVariantServingIt() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 99), route("b", "churn", 2, 1)));

        for (int call = 0; call < 20; call++) {
            assertThat(route(deployments.infer(tenantId, "live", 2, request(Optional.empty(), Map.of()))))
                    .isEqualTo("b");
        }
        assertFails(() -> deployments.infer(tenantId, "live", 3, request(Optional.empty(), Map.of())),
                ErrorCode.NOT_FOUND, "serves version 1, 2, not version 3");
    }

    @Test
    void shadowsReceiveCopiesAndNeverChangeTheAnswer() throws InterruptedException {
        StubModel shadow = new StubModel("shadow");
        register("churn", new StubModel("a"));
        register("churn", shadow);
        Deployments deployments = deployments(new TrafficSettings(16, 100, 1000, Duration.ofDays(1), Duration.ZERO));
        deployments.deploy(tenantId, "live", new TrafficRequest(
                List.of(route("a", "churn", 1, 1)),
                List.of(new ShadowRequest(Optional.of("next"), "churn", "2", 100)),
                Optional.empty()));

        for (int call = 0; call < 50; call++) {
            InferenceResponse response = deployments.infer(tenantId, "live", request(Optional.empty(), Map.of()));
            assertThat(route(response)).isEqualTo("a");
            assertThat(((TensorData.Strings) response.outputs().getFirst().data()).values()).containsExactly("a");
        }

        assertThat(shadow.awaitCalls(50)).isTrue();
        awaitCount(() -> shadowCount("next", "success"), 50);
    }

    @Test
    void aFailingShadowIsOnlyCounted() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("broken", Behaviour.FAIL));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", new TrafficRequest(
                List.of(route("a", "churn", 1, 1)),
                List.of(new ShadowRequest(Optional.of("broken"), "churn", "2", 100)),
                Optional.empty()));

        for (int call = 0; call < 10; call++) {
            assertThat(route(deployments.infer(tenantId, "live", request(Optional.empty(), Map.of())))).isEqualTo("a");
        }

        awaitCount(() -> shadowCount("broken", "error") + shadowCount("broken", "dropped"), 10);
        assertThat(shadowCount("broken", "error")).isPositive();
        assertThat(requestCount("a", "success")).isEqualTo(10);
    }

    @Test
    void explanationsWaitForAWorkerLikeInferences() throws Exception {
        StubModel slow = new StubModel("slow", Behaviour.WAIT_FOR_GATE);
        StubModel explaining = new StubModel("explaining");
        register("busy", slow);
        register("churn", explaining);
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "busy", routes(route("slow", "busy", 1, 1)));
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1)));
        int warmUpCalls = explaining.calls();
        int slowWarmUpCalls = slow.calls();
        // Both of the scheduler's workers wait in the slow model.
        List<Thread> holders = new ArrayList<>();
        for (int holder = 0; holder < 2; holder++) {
            holders.add(Thread.ofVirtual().start(() ->
                    deployments.infer(tenantId, "busy", request(Optional.empty(), Map.of()))));
        }
        try {
            assertThat(slow.awaitCalls(slowWarmUpCalls + 2)).isTrue();
            AtomicReference<ExplainedInference> explained = new AtomicReference<>();
            Thread explainer = Thread.ofVirtual().start(() ->
                    explained.set(deployments.explain(tenantId, "live", request(Optional.empty(), Map.of()))));
            explainer.join(Duration.ofMillis(300));
            assertThat(explainer.isAlive()).as("the explanation waits for a free worker").isTrue();
            assertThat(explaining.calls()).isEqualTo(warmUpCalls);

            slow.openGate();
            explainer.join();
            assertThat(explained.get().explanation().method()).isEqualTo("stub");
            assertThat(explaining.calls()).isEqualTo(warmUpCalls + 2); // the inference and its explanation
        } finally {
            slow.openGate();
            for (Thread holder : holders) {
                holder.join();
            }
        }
    }

    @Test
    void aSlowShadowIsDroppedRatherThanQueued() {
        StubModel slow = new StubModel("slow", Behaviour.WAIT_FOR_GATE);
        register("churn", new StubModel("a"));
        register("churn", slow);
        Deployments deployments = deployments(new TrafficSettings(16, 1, 1000, Duration.ofDays(1), Duration.ZERO));
        deployments.deploy(tenantId, "live", new TrafficRequest(
                List.of(route("a", "churn", 1, 1)),
                List.of(new ShadowRequest(Optional.of("slow"), "churn", "2", 100)),
                Optional.empty()));
        try {
            for (int call = 0; call < 5; call++) {
                assertThat(route(deployments.infer(tenantId, "live", request(Optional.empty(), Map.of()))))
                        .isEqualTo("a");
            }

            // The first copy holds the only slot until the gate opens; the other four find it taken.
            assertThat(shadowCount("slow", "dropped")).isEqualTo(4);
        } finally {
            slow.openGate();
        }
        awaitCount(() -> shadowCount("slow", "success"), 1);
    }

    @Test
    void swapsUnderConcurrentLoadFailNoRequest() throws Exception {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1)));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int total = 0;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                int id = worker;
                workers.add(callers.submit(() -> {
                    int calls = 0;
                    while (running.get() || calls < 50) {
                        try {
                            seen.add(route(deployments.infer(tenantId, "live", keyed("user-" + id + "-" + calls))));
                        } catch (RuntimeException failure) {
                            failures.add(failure.toString());
                        }
                        calls++;
                    }
                    return calls;
                }));
            }
            for (int swap = 0; swap < 60; swap++) {
                switch (swap % 3) {
                    case 0 -> deployments.deploy(tenantId, "live", routes(route("b", "churn", 2, 1)));
                    case 1 -> deployments.deploy(tenantId, "live",
                            routes(route("a", "churn", 1, 50), route("b", "churn", 2, 50)));
                    default -> deployments.deploy(tenantId, "live", "churn", "1");
                }
            }
            running.set(false);
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(400);
        assertThat(seen).contains("a", "b");
        assertThat(route(deployments.infer(tenantId, "live", keyed("anyone")))).isEqualTo("churn-v1");
    }

    @Test
    void aDeployWhoseModelCannotLoadChangesNothing() {
        register("churn", new StubModel("a"));
        StoredArtifact junk = artifacts.put("not a model".getBytes(UTF_8));
        int broken = store.models()
                .createVersion(tenantId, "churn", junk.sha256(), junk.sizeBytes(),
                        new FakeModel(Task.REGRESSION).manifest(), Optional.empty())
                .version();
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1)));

        assertFails(() -> deployments.deploy(tenantId, "live",
                        routes(route("a", "churn", 1, 1), route("b", "churn", broken, 1))),
                ErrorCode.INVALID_ARGUMENT, "not a stub artifact");

        assertThat(store.endpoints().find(tenantId, "live").orElseThrow().routes()).hasSize(1);
        assertThat(deployments.get(tenantId, "live").variants()).extracting(Variant::name).containsExactly("a");
    }

    @Test
    void badRoutesAreRefusedNamingTheField() {
        register("churn", new StubModel("a"));
        Deployments deployments = deployments(new TrafficSettings(2, 1, 10, Duration.ofDays(1), Duration.ZERO));

        assertFails(() -> deployments.deploy(tenantId, "live",
                        routes(route("a", "churn", 1, 1), route("b", "churn", 9, 1))),
                ErrorCode.NOT_FOUND, "'routes[1].version': model 'churn' has no version 9");
        assertFails(() -> deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, -1))),
                ErrorCode.INVALID_ARGUMENT, "'routes[0].weight'");
        assertFails(() -> deployments.deploy(tenantId, "live", new TrafficRequest(
                        List.of(new RouteRequest(Optional.empty(), "churn", "champion", 1)), List.of(),
                        Optional.empty())),
                ErrorCode.NOT_FOUND, "'routes[0].version': model 'churn' has no version or alias 'champion'");
        assertFails(() -> deployments.deploy(tenantId, "live", new TrafficRequest(
                        List.of(route("a", "churn", 1, 1)),
                        List.of(new ShadowRequest(Optional.empty(), "other", "1", 5)),
                        Optional.empty())),
                ErrorCode.NOT_FOUND, "'shadows[0].version'");
        assertFails(() -> deployments.deploy(tenantId, "live",
                        routes(route("a", "churn", 1, 1), route("b", "churn", 1, 1), route("c", "churn", 1, 1))),
                ErrorCode.INVALID_ARGUMENT, "at most 2 routes");
        assertThat(store.endpoints().find(tenantId, "live")).isEmpty();
    }

    @Test
    void batchingSettingsTravelWithTheDeployment() {
        register("churn", new StubModel("a"));
        Deployments deployments = deployments();

        Deployment deployment = deployments.deploy(tenantId, "live", new TrafficRequest(
                List.of(route("a", "churn", 1, 1)), List.of(), Optional.of(new EndpointBatching(64, 3))));

        assertThat(deployment.batching()).contains(new EndpointBatching(64, 3));
        assertThat(deployments(TrafficSettings.DEFAULT).get(tenantId, "live").batching())
                .contains(new EndpointBatching(64, 3));
    }

    @Test
    void countsRequestsPerRouteAndOutcome() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("picky", Behaviour.REJECT_INPUT));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1), route("picky", "churn", 2, 1)));

        for (int call = 0; call < 20; call++) {
            try {
                deployments.infer(tenantId, "live", keyed("user-" + call));
            } catch (MarqueeException refused) {
                assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
        }

        assertThat(requestCount("a", "success") + requestCount("picky", "client_error")).isEqualTo(20);
        assertThat(requestCount("picky", "success")).isZero();
        assertThat(meters.get("marquee.inference.duration").tag("route", "a").tag("tenant", tenantId).timer().count())
                .isEqualTo((long) requestCount("a", "success"));
    }

    @Test
    void feedbackGoesToTheVariantThatAnsweredAndTheReportFindsTheBetterOne() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        Experiments experiments = new Experiments(store, deployments);
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1), route("b", "churn", 2, 1)));
        Map<String, Integer> served = new HashMap<>();
        for (int user = 0; user < 600; user++) {
            InferenceResponse response = deployments.infer(tenantId, "live",
                    request(Optional.of("r-" + user), Map.of(Deployments.ROUTING_KEY_PARAMETER, "user-" + user)));
            served.merge(route(response), 1, Integer::sum);
            // b converts one user in two, a one in five.
            boolean converted = route(response).equals("b") ? user % 2 == 0 : user % 5 == 0;
            FeedbackReceipt receipt = experiments.feedback(
                    tenantId, "live", new FeedbackRequest(Optional.of("r-" + user), Optional.empty(), converted ? 1 : 0));
            assertThat(receipt.route()).isEqualTo(route(response));
        }

        ExperimentReport report = experiments.report(tenantId, "live");

        assertThat(report.metric()).isEqualTo("conversion");
        assertThat(report.control()).isEqualTo("a");
        assertThat(report.variants()).extracting(ExperimentReport.VariantSummary::requests)
                .containsExactly((long) served.get("a"), (long) served.get("b"));
        assertThat(report.variants()).extracting(ExperimentReport.VariantSummary::feedback)
                .containsExactly((long) served.get("a"), (long) served.get("b"));
        ExperimentReport.VariantComparison comparison = report.comparisons().getFirst();
        assertThat(comparison.route()).isEqualTo("b");
        assertThat(comparison.significant()).isTrue();
        assertThat(comparison.pValue().orElseThrow()).isLessThan(1e-6);
        assertThat(comparison.interval().orElseThrow().lower()).isPositive();
        assertThat(comparison.verdict()).contains("'b' has a higher conversion rate than 'a'");
    }

    @Test
    void feedbackByRoutingKeyGoesToTheKeysVariant() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        Experiments experiments = new Experiments(store, deployments);
        Deployment deployment = deployments.deploy(tenantId, "live",
                routes(route("a", "churn", 1, 1), route("b", "churn", 2, 1)));

        for (int user = 0; user < 20; user++) {
            FeedbackReceipt receipt = experiments.feedback(tenantId, "live",
                    new FeedbackRequest(Optional.empty(), Optional.of("user-" + user), 2.5 * user));
            assertThat(receipt.route()).isEqualTo(deployment.variantFor("user-" + user).name());
        }

        ExperimentReport report = experiments.report(tenantId, "live");
        assertThat(report.metric()).isEqualTo("reward");
        assertThat(report.comparisons().getFirst().test()).isEqualTo("Welch's t-test");
        assertThat(report.variants()).extracting(ExperimentReport.VariantSummary::feedback)
                .containsExactly(
                        (long) (20 - report.variants().get(1).feedback()), report.variants().get(1).feedback());
    }

    @Test
    void feedbackForAnUnknownRequestIdIsNotFound() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        Experiments experiments = new Experiments(store, deployments);
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1), route("b", "churn", 2, 0)));
        deployments.infer(tenantId, "live", request(Optional.of("known"), Map.of()));

        assertFails(() -> experiments.feedback(tenantId, "live",
                        new FeedbackRequest(Optional.of("unknown"), Optional.empty(), 1)),
                ErrorCode.NOT_FOUND, "no inference with id 'unknown'");
        assertThat(experiments.feedback(tenantId, "live",
                        new FeedbackRequest(Optional.of("known"), Optional.empty(), 1)).route())
                .isEqualTo("a");
        assertFails(() -> new FeedbackRequest(Optional.of("a"), Optional.of("b"), 1),
                ErrorCode.INVALID_ARGUMENT, "exactly one of 'id'");
    }

    @Test
    void aSingleRouteEndpointIsNoExperimentAndLogsNoAssignments() {
        register("churn", new StubModel("a"));
        Deployments deployments = deployments();
        Experiments experiments = new Experiments(store, deployments);
        deployments.deploy(tenantId, "solo", "churn", "1");
        deployments.infer(tenantId, "solo", request(Optional.of("req-1"), Map.of()));

        assertFails(() -> experiments.feedback(tenantId, "solo",
                        new FeedbackRequest(Optional.of("req-1"), Optional.empty(), 1)),
                ErrorCode.NOT_FOUND, "no inference with id 'req-1'");
    }

    @Test
    void aReportWithoutFeedbackSaysThereIsNotEnoughData() {
        register("churn", new StubModel("a"));
        register("churn", new StubModel("b"));
        Deployments deployments = deployments();
        deployments.deploy(tenantId, "live", routes(route("a", "churn", 1, 1), route("b", "churn", 2, 1)));

        ExperimentReport report = new Experiments(store, deployments).report(tenantId, "live");

        assertThat(report.comparisons().getFirst().significant()).isFalse();
        assertThat(report.comparisons().getFirst().pValue()).isEmpty();
        assertThat(report.comparisons().getFirst().verdict()).startsWith("Not enough data");
    }

    private int requestCount(String route, String outcome) {
        Counter counter = meters.find("marquee.inference.requests").tag("route", route).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : (int) counter.count();
    }

    private int shadowCount(String route, String outcome) {
        Counter counter = meters.find("marquee.shadow.requests").tag("route", route).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : (int) counter.count();
    }

    /** Waits (spinning, up to 30 s) until {@code count} reaches {@code expected}, then checks it did. */
    private static void awaitCount(Supplier<Integer> count, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(count.get()).isEqualTo(expected);
    }

    private static void assertFails(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class, failure -> assertThat(failure.code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
