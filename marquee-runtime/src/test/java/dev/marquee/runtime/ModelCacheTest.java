package dev.marquee.runtime;

import static dev.marquee.runtime.SummingModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import dev.marquee.store.LocalArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    @TempDir
    Path directory;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Per artifact text: how often a model was loaded and closed. The counters never reference a model. */
    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();

    /** Artifacts are texts {@code name:bytes}; the loaded model reports {@code bytes} of memory. */
    private final ModelLoader loader = artifact -> {
        String[] parts = new String(artifact, StandardCharsets.UTF_8).split(":");
        loads.computeIfAbsent(parts[0], name -> new AtomicInteger()).incrementAndGet();
        return new SummingModel(Long.parseLong(parts[1]), closes.computeIfAbsent(parts[0], name -> new AtomicInteger()));
    };

    private LocalArtifactStore artifacts() {
        return new LocalArtifactStore(directory.resolve("artifacts"));
    }

    private static String put(LocalArtifactStore artifacts, String name, long bytes) {
        return artifacts.put((name + ":" + bytes).getBytes(StandardCharsets.UTF_8)).sha256();
    }

    private int closes(String name) {
        return closes.getOrDefault(name, new AtomicInteger()).get();
    }

    @Test
    void evictsTheLeastRecentlyUsedModelBeyondTheBudgetButClosesItOnlyAfterItsLastLease() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 60);
        String b = put(artifacts, "b", 60);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);

        ModelLease leaseOnA = cache.acquire(a);
        try (ModelLease leaseOnB = cache.acquire(b)) {
            // a was evicted to make room for b, but a request still holds it: it stays open and usable.
            assertThat(cache.size()).isEqualTo(1);
            assertThat(cache.bytes()).isEqualTo(60);
            assertThat(closes("a")).isZero();
            assertThat(leaseOnA.model().infer(request(new double[] {1, 2}))).isNotEmpty();
            assertThat(leaseOnB.model()).isNotNull();
        }
        assertThat(closes("a")).isZero();

        leaseOnA.close();
        assertThat(closes("a")).isEqualTo(1);
        leaseOnA.close();
        assertThat(closes("a")).isEqualTo(1);
        assertThat(closes("b")).isZero();
        assertThat(meters.get("marquee.model.cache.evictions").counter().count()).isEqualTo(1);
        assertThat(meters.get("marquee.model.cache.bytes").gauge().value()).isEqualTo(60);
        assertThat(meters.get("marquee.model.cache.models").gauge().value()).isEqualTo(1);
    }

    @Test
    void anUnloadedModelBecomesGarbage() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 60);
        String b = put(artifacts, "b", 60);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        WeakReference<ServedModel> unloaded = leaseAndForget(cache, a);

        cache.acquire(b).close();

        assertThat(closes("a")).isEqualTo(1);
        for (int attempt = 0; attempt < 50 && unloaded.get() != null; attempt++) {
            System.gc();
        }
        assertThat(unloaded.get()).as("the evicted model is still reachable").isNull();
    }

    private static WeakReference<ServedModel> leaseAndForget(ModelCache cache, String artifact) {
        try (ModelLease lease = cache.acquire(artifact)) {
            return new WeakReference<>(lease.model());
        }
    }

    @Test
    void aModelStaysReachableWhileLoaded() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 60);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        WeakReference<ServedModel> loaded = leaseAndForget(cache, a);

        System.gc();

        assertThat(loaded.get()).isNotNull();
        try (ModelLease again = cache.acquire(a)) {
            assertThat(again.model()).isSameAs(loaded.get());
        }
        assertThat(loads.get("a").get()).isEqualTo(1);
    }

    @Test
    void concurrentFirstRequestsShareOneLoad() throws Exception {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 10);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelLoader slow = artifact -> {
            loading.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return loader.load(artifact);
        };
        ModelCache cache = new ModelCache(artifacts, slow, new ModelCacheConfig(100, 10), meters);
        List<ServedModel> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try (ModelLease lease = cache.acquire(a)) {
                    seen.add(lease.model());
                }
            }));
        }
        assertThat(loading.await(1, TimeUnit.MINUTES)).isTrue();
        // Every caller is parked: one in the loader, the others waiting for its load.
        long waitUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (callers.stream().anyMatch(thread -> thread.getState() != Thread.State.WAITING
                        && thread.getState() != Thread.State.TIMED_WAITING)
                && System.nanoTime() < waitUntil) {
            Thread.onSpinWait();
        }

        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(loads.get("a").get()).isEqualTo(1);
        assertThat(seen).hasSize(8);
        assertThat(seen.stream().distinct()).hasSize(1);
        assertThat(meters.get("marquee.model.load").timer().count()).isEqualTo(1);
    }

    @Test
    void aFailedLoadFailsItsWaitersAndTheNextRequestTriesAgain() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 10);
        AtomicInteger attempts = new AtomicInteger();
        ModelLoader flaky = artifact -> {
            if (attempts.incrementAndGet() == 1) {
                throw MarqueeException.invalid("broken the first time");
            }
            return loader.load(artifact);
        };
        ModelCache cache = new ModelCache(artifacts, flaky, new ModelCacheConfig(100, 10), meters);

        assertThatThrownBy(() -> cache.acquire(a)).hasMessageContaining("broken the first time");
        cache.acquire(a).close();

        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void warmsUpEachModelOnceOnAZeroRowAndLoadsModelsWhoseWarmUpFails() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 10);
        List<SummingModel> loaded = new ArrayList<>();
        ModelLoader recording = artifact -> {
            SummingModel model = (SummingModel) loader.load(artifact);
            loaded.add(model);
            return model;
        };
        ModelCache cache = new ModelCache(artifacts, recording, new ModelCacheConfig(100, 10), meters);
        cache.acquire(a).close();
        assertThat(loaded.getFirst().callRows).containsExactly(1);
        assertThat(loaded.getFirst().valuesSeen).containsExactly(0.0, 0.0);

        String failing = put(artifacts, "failing", 10);
        SummingModel inner = new SummingModel(10, new AtomicInteger());
        ModelLoader refusesWarmUp = artifact -> new ServedModel() {
            @Override
            public String platform() {
                return inner.platform();
            }

            @Override
            public List<TensorSpec> inputSpecs() {
                return inner.inputSpecs();
            }

            @Override
            public List<TensorSpec> outputSpecs() {
                return inner.outputSpecs();
            }

            @Override
            public List<InferenceTensor> infer(InferenceRequest request) {
                throw MarqueeException.invalid("no zero rows here");
            }

            @Override
            public long memoryBytes() {
                return 10;
            }
        };
        ModelCache other = new ModelCache(artifacts, refusesWarmUp, new ModelCacheConfig(100, 10), meters);
        try (ModelLease lease = other.acquire(failing)) {
            assertThat(lease.model().platform()).isEqualTo("test_summing");
        }
    }

    @Test
    void aModelLargerThanTheBudgetIsServedAlone() {
        LocalArtifactStore artifacts = artifacts();
        String small = put(artifacts, "small", 10);
        String huge = put(artifacts, "huge", 500);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        cache.acquire(small).close();

        try (ModelLease lease = cache.acquire(huge)) {
            assertThat(lease.model().memoryBytes()).isEqualTo(500);
        }

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(500);
        assertThat(closes("small")).isEqualTo(1);
    }

    @Test
    void theModelCountLimitEvictsToo() {
        LocalArtifactStore artifacts = artifacts();
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(1_000, 2), meters);
        for (String name : List.of("a", "b", "c")) {
            cache.acquire(put(artifacts, name, 1)).close();
        }
        assertThat(cache.size()).isEqualTo(2);
        assertThat(closes("a")).isEqualTo(1);
        assertThat(closes("b") + closes("c")).isZero();
    }

    @Test
    void aHandleFromGetReloadsItsModelAfterEviction() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 60);
        String b = put(artifacts, "b", 60);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        ServedModel handle = cache.get(a);
        cache.get(b);
        assertThat(closes("a")).isEqualTo(1);

        List<InferenceTensor> outputs = handle.infer(request(new double[] {1, 2}));

        assertThat(((TensorData.Numbers) outputs.getFirst().data()).values()).containsExactly(3);
        assertThat(loads.get("a").get()).isEqualTo(2);
        assertThat(handle.inputSpecs()).extracting(TensorSpec::name).containsExactly("x");
    }

    @Test
    void aHandleRunsWorkWithoutLoadingOnlyWhileItsModelIsLoaded() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 60);
        String b = put(artifacts, "b", 60);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        ServedModel handle = cache.get(a);

        assertThat(handle.ifLoaded(model -> model.infer(request(new double[] {1, 2}))))
                .hasValueSatisfying(outputs -> assertThat(((TensorData.Numbers) outputs.getFirst().data()).values())
                        .containsExactly(3));

        cache.get(b); // evicts a
        assertThat(handle.ifLoaded(model -> "ran")).isEmpty();
        assertThat(cache.acquireIfLoaded(a)).isEmpty();
        assertThat(loads.get("a").get()).isEqualTo(1);
        cache.close();
        assertThat(cache.acquireIfLoaded(b)).isEmpty();
    }

    @Test
    void closingTheCacheUnloadsEverythingAndRefusesNewLeases() {
        LocalArtifactStore artifacts = artifacts();
        String a = put(artifacts, "a", 10);
        ModelCache cache = new ModelCache(artifacts, loader, new ModelCacheConfig(100, 10), meters);
        cache.acquire(a).close();

        cache.close();

        assertThat(closes("a")).isEqualTo(1);
        assertThat(cache.size()).isZero();
        assertThatThrownBy(() -> cache.acquire(a)).isInstanceOf(MarqueeException.class);
    }
}
