package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.Explanation;
import dev.marquee.core.MarqueeException;
import dev.marquee.store.ArtifactStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loaded models by artifact SHA-256 within a memory budget.
 *
 * <ul>
 *   <li><b>Load on demand</b>: {@link #acquire} loads a model on first use, reading the artifact through
 *       {@link ArtifactStore#read} (which verifies its SHA-256, so a corrupted artifact is never served), then warms
 *       it up with one inference on a zero row built from its {@link ServedModel#inputSpecs()} (zeros, {@code false},
 *       empty strings; variable dimensions 1). A warm-up that fails is logged and ignored: a model whose zero row is
 *       not valid input (a timestamp column, say) still serves real requests.
 *   <li><b>Single flight</b>: concurrent first requests for one artifact share one load; when it fails, every one of
 *       them gets the failure and the next request tries again.
 *   <li><b>Least recently used eviction</b>: beyond {@link ModelCacheConfig#memoryBudgetBytes()} (the sum of
 *       {@link ServedModel#memoryBytes()}) or {@link ModelCacheConfig#maxModels()}, the least recently used models
 *       leave the cache. A model larger than the whole budget is still served, loaded alone: everything else is
 *       evicted, and a warning is logged, because refusing it would take an endpoint down over an estimate.
 *   <li><b>Unload frees memory</b>: an evicted model is {@link ServedModel#close() closed} exactly once, as soon as
 *       no {@link ModelLease} on it is open, and the cache keeps no reference to it, so the garbage collector can
 *       reclaim it. A model is never closed under a running request. Evicted models still leased are not counted
 *       in the budget.
 * </ul>
 *
 * <p>Metrics: {@code marquee.model.load} (timer of load plus warm-up, tag {@code artifact}: the first 12 hex digits
 * of the SHA-256), {@code marquee.model.cache.models} and {@code marquee.model.cache.bytes} (gauges),
 * {@code marquee.model.cache.evictions} (counter).
 *
 * <p>Thread-safe. Loading runs outside the lock, so a slow load never blocks requests for loaded models.
 */
public final class ModelCache implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelCache.class.getName());
    /** Warm-up rows larger than this many elements are skipped rather than allocated. */
    private static final long MAX_WARM_UP_ELEMENTS = 1 << 16;

    private final ArtifactStore artifacts;
    private final ModelLoader loader;
    private final ModelCacheConfig config;
    private final MeterRegistry meters;
    private final Counter evictions;
    private final ReentrantLock lock = new ReentrantLock();
    /** Access-ordered: iteration starts at the least recently used entry. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long loadedBytes;
    private int loadedModels;
    private boolean closed;

    /** One artifact's slot: loading, then loaded; once evicted it is out of {@link #entries}. */
    private static final class Entry {
        final String artifactSha256;
        final CompletableFuture<Void> loaded = new CompletableFuture<>();
        // All below guarded by the cache's lock.
        ServedModel model;
        long bytes;
        int leases;
        boolean evicted;
        boolean closed;

        Entry(String artifactSha256) {
            this.artifactSha256 = artifactSha256;
        }
    }

    /** A cache of Marquee-trained models with the default budget, {@code maxModels} at most, metrics unpublished. */
    public ModelCache(ArtifactStore artifacts, int maxModels) {
        this(artifacts, ServedModels::load, maxModels);
    }

    /** A cache with the default budget, {@code maxModels} at most, metrics unpublished. */
    public ModelCache(ArtifactStore artifacts, ModelLoader loader, int maxModels) {
        this(artifacts, loader, new ModelCacheConfig(ModelCacheConfig.defaultMemoryBudget(), maxModels),
                new SimpleMeterRegistry());
    }

    public ModelCache(ArtifactStore artifacts, ModelLoader loader, ModelCacheConfig config, MeterRegistry meters) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.config = requireNonNull(config, "config is null");
        this.meters = requireNonNull(meters, "meters is null");
        this.evictions = Counter.builder("marquee.model.cache.evictions")
                .description("Models evicted from the loaded-model cache")
                .register(meters);
        Gauge.builder("marquee.model.cache.models", this, ModelCache::size)
                .description("Models loaded in the cache")
                .register(meters);
        Gauge.builder("marquee.model.cache.bytes", this, ModelCache::bytes)
                .description("Estimated memory of the models loaded in the cache")
                .baseUnit("bytes")
                .register(meters);
    }

    /**
     * A handle on the model stored under {@code artifactSha256}, loading, verifying and warming it up now if it is
     * not loaded. The handle keeps only the model's metadata; each {@code infer}/{@code explain} on it leases the
     * loaded model for the call, reloading it if it was evicted meanwhile. Closing the handle does nothing (the
     * cache owns the model).
     */
    public ServedModel get(String artifactSha256) {
        try (ModelLease lease = acquire(artifactSha256)) {
            return new CachedModel(this, artifactSha256, lease.model());
        }
    }

    /**
     * Leases the model stored under {@code artifactSha256}, loading it first when needed (one load shared by all
     * concurrent callers). Close the lease when the request is done. Failures of the artifact store or loader
     * propagate; UNAVAILABLE once the cache is closed.
     */
    public ModelLease acquire(String artifactSha256) {
        requireNonNull(artifactSha256, "artifactSha256 is null");
        while (true) {
            Entry entry;
            boolean loadHere = false;
            lock.lock();
            try {
                if (closed) {
                    throw new MarqueeException(ErrorCode.UNAVAILABLE, "the model cache is closed");
                }
                entry = entries.get(artifactSha256);
                if (entry == null) {
                    entry = new Entry(artifactSha256);
                    entries.put(artifactSha256, entry);
                    loadHere = true;
                } else if (entry.model != null) {
                    return lease(entry);
                }
            } finally {
                lock.unlock();
            }
            if (loadHere) {
                return load(entry);
            }
            awaitLoad(entry);
            // Loaded (or evicted again already): look it up afresh.
        }
    }

    /**
     * Leases the model stored under {@code artifactSha256} when it is loaded now; empty when it is not (nothing is
     * loaded and nothing waits), or the cache is closed.
     */
    public Optional<ModelLease> acquireIfLoaded(String artifactSha256) {
        requireNonNull(artifactSha256, "artifactSha256 is null");
        lock.lock();
        try {
            Entry entry = entries.get(artifactSha256);
            return closed || entry == null || entry.model == null ? Optional.empty() : Optional.of(lease(entry));
        } finally {
            lock.unlock();
        }
    }

    private static void awaitLoad(Entry entry) {
        try {
            entry.loaded.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private ModelLease load(Entry entry) {
        long started = System.nanoTime();
        ServedModel model;
        try {
            model = loader.load(artifacts.read(entry.artifactSha256));
            warmUp(entry.artifactSha256, model);
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                entries.remove(entry.artifactSha256, entry);
            } finally {
                lock.unlock();
            }
            entry.loaded.completeExceptionally(e);
            throw e;
        }
        Timer.builder("marquee.model.load")
                .description("Time to load and warm up a model")
                .tag("artifact", entry.artifactSha256.substring(0, Math.min(12, entry.artifactSha256.length())))
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        List<ServedModel> toClose = new ArrayList<>();
        ModelLease lease;
        boolean cacheClosed;
        lock.lock();
        try {
            cacheClosed = closed;
            entry.model = model;
            entry.bytes = Math.max(0, model.memoryBytes());
            loadedBytes += entry.bytes;
            loadedModels++;
            lease = lease(entry);
            evictBeyondLimits(entry, toClose);
        } finally {
            lock.unlock();
        }
        entry.loaded.complete(null);
        toClose.forEach(ModelCache::closeQuietly);
        if (cacheClosed) {
            lease.close();
            throw new MarqueeException(ErrorCode.UNAVAILABLE, "the model cache is closed");
        }
        return lease;
    }

    /** Guarded by {@link #lock}. */
    private ModelLease lease(Entry entry) {
        entry.leases++;
        return new ModelLease(entry.model, ignored -> release(entry));
    }

    private void release(Entry entry) {
        ServedModel toClose = null;
        lock.lock();
        try {
            entry.leases--;
            if (entry.evicted && entry.leases == 0 && !entry.closed) {
                entry.closed = true;
                toClose = entry.model;
                entry.model = null;
            }
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            closeQuietly(toClose);
        }
    }

    /** Evicts least recently used models other than {@code keep} while over a limit. Guarded by {@link #lock}. */
    private void evictBeyondLimits(Entry keep, List<ServedModel> toClose) {
        Iterator<Map.Entry<String, Entry>> eldestFirst = entries.entrySet().iterator();
        while ((loadedBytes > config.memoryBudgetBytes() || loadedModels > config.maxModels())
                && eldestFirst.hasNext()) {
            Entry candidate = eldestFirst.next().getValue();
            if (candidate == keep || candidate.model == null) {
                continue; // the model just loaded, or one still loading
            }
            eldestFirst.remove();
            evict(candidate, toClose);
        }
        if (loadedBytes > config.memoryBudgetBytes()) {
            LOG.warning(() -> "model %s needs %d bytes, more than the model cache's budget of %d bytes "
                    .formatted(keep.artifactSha256, keep.bytes, config.memoryBudgetBytes())
                    + "(model-cache-memory); it is served alone");
        }
    }

    /** Guarded by {@link #lock}; the entry is already out of {@link #entries}. */
    private void evict(Entry entry, List<ServedModel> toClose) {
        entry.evicted = true;
        loadedBytes -= entry.bytes;
        loadedModels--;
        evictions.increment();
        if (entry.leases == 0 && !entry.closed) {
            entry.closed = true;
            toClose.add(entry.model);
            entry.model = null;
        }
    }

    private static void closeQuietly(ServedModel model) {
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing an unloaded model failed", e);
        }
    }

    private static void warmUp(String artifactSha256, ServedModel model) {
        List<TensorSpec> specs = model.inputSpecs();
        if (specs.isEmpty()) {
            return;
        }
        List<InferenceTensor> inputs = new ArrayList<>(specs.size());
        for (TensorSpec spec : specs) {
            List<Long> shape = spec.shape().stream().map(dimension -> dimension < 0 ? 1L : dimension).toList();
            long elements = InferenceTensor.elementCount(spec.name(), shape);
            if (elements > MAX_WARM_UP_ELEMENTS) {
                return;
            }
            int count = (int) elements;
            TensorData data = switch (spec.datatype()) {
                case BOOL -> new TensorData.Booleans(new boolean[count]);
                case BYTES -> new TensorData.Strings(Collections.nCopies(count, "").toArray(String[]::new));
                case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 ->
                        new TensorData.Numbers(new double[count]);
            };
            inputs.add(new InferenceTensor(spec.name(), spec.datatype(), shape, data));
        }
        try {
            model.infer(new InferenceRequest(Optional.empty(), inputs, List.of(), Map.of()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "warm-up of model %s failed; it is loaded anyway".formatted(artifactSha256));
        }
    }

    /** Models loaded in the cache now (evicted models still leased are not counted). */
    public int size() {
        lock.lock();
        try {
            return loadedModels;
        } finally {
            lock.unlock();
        }
    }

    /** Estimated bytes of the models loaded in the cache now. */
    public long bytes() {
        lock.lock();
        try {
            return loadedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Evicts every model (each closed once its last lease closes) and refuses new leases with UNAVAILABLE. */
    @Override
    public void close() {
        List<ServedModel> toClose = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            Iterator<Entry> all = entries.values().iterator();
            while (all.hasNext()) {
                Entry entry = all.next();
                if (entry.model != null) {
                    all.remove();
                    evict(entry, toClose);
                }
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(ModelCache::closeQuietly);
    }

    /**
     * What {@link #get} hands out: the model's metadata, and a lease on the loaded model for each call. It holds no
     * reference to the loaded model, so an evicted model can be reclaimed while deployments still point at it.
     */
    private static final class CachedModel implements ServedModel {
        private final ModelCache cache;
        private final String artifactSha256;
        private final String platform;
        private final List<TensorSpec> inputSpecs;
        private final List<TensorSpec> outputSpecs;
        private final long memoryBytes;

        CachedModel(ModelCache cache, String artifactSha256, ServedModel loaded) {
            this.cache = cache;
            this.artifactSha256 = artifactSha256;
            this.platform = loaded.platform();
            this.inputSpecs = List.copyOf(loaded.inputSpecs());
            this.outputSpecs = List.copyOf(loaded.outputSpecs());
            this.memoryBytes = loaded.memoryBytes();
        }

        @Override
        public String platform() {
            return platform;
        }

        @Override
        public List<TensorSpec> inputSpecs() {
            return inputSpecs;
        }

        @Override
        public List<TensorSpec> outputSpecs() {
            return outputSpecs;
        }

        @Override
        public List<InferenceTensor> infer(InferenceRequest request) {
            try (ModelLease lease = cache.acquire(artifactSha256)) {
                return lease.model().infer(request);
            }
        }

        @Override
        public <T> Optional<T> ifLoaded(Function<ServedModel, T> work) {
            return cache.acquireIfLoaded(artifactSha256).map(lease -> {
                try (lease) {
                    return work.apply(lease.model());
                }
            });
        }

        @Override
        public Explanation explain(InferenceRequest request) {
            try (ModelLease lease = cache.acquire(artifactSha256)) {
                return lease.model().explain(request);
            }
        }

        /**
         * The loaded model's recommender, reloading an evicted model. A recommender holds only heap objects, so the
         * engine stays usable after the lease ends even if the cache evicts the model meanwhile.
         */
        @Override
        public Optional<RecommendingModel> recommending() {
            try (ModelLease lease = cache.acquire(artifactSha256)) {
                return lease.model().recommending();
            }
        }

        @Override
        public long memoryBytes() {
            return memoryBytes;
        }
    }
}
