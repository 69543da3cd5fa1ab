package dev.marquee.benchmarks;

import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.runtime.BatchingPolicy;
import dev.marquee.runtime.Datatype;
import dev.marquee.runtime.Deployments;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.InferenceScheduler;
import dev.marquee.runtime.InferenceSchedulerConfig;
import dev.marquee.runtime.InferenceTensor;
import dev.marquee.runtime.ModelBinding;
import dev.marquee.runtime.ModelCache;
import dev.marquee.runtime.OipJsonCodec;
import dev.marquee.runtime.TrafficSettings;
import dev.marquee.store.JdbcMetadataStore;
import dev.marquee.store.LocalArtifactStore;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.StoredArtifact;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The runtime's cost on a 30-feature logistic regression: the bare model call against the same row taken through
 * the runtime (tensor binding, and the whole OIP JSON request), and batched scoring in rows per second on one thread.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuntimeBenchmark {
    static final int BATCH_ROWS = 1024;

    private LoadedModel model;
    private ModelBinding binding;
    private OipJsonCodec codec;
    private Object[][] singleRow;
    private Object[][] batchRows;
    private InferenceRequest singleRequest;
    private InferenceRequest batchRequest;
    private byte[] singleRequestJson;
    private Path storeDirectory;
    private MetadataStore store;
    private InferenceScheduler scheduler;
    private Deployments deployments;
    private String tenantId;

    @Setup
    public void setUp() throws IOException {
        LogisticFixture fixture = LogisticFixture.train(BATCH_ROWS);
        deployRuntime(fixture.artifact());
        model = ModelArtifacts.load(fixture.artifact());
        binding = new ModelBinding(model, fixture.artifact().length);
        codec = new OipJsonCodec(10_000_000);
        singleRow = boxed(fixture.rows(), 1);
        batchRows = boxed(fixture.rows(), BATCH_ROWS);
        singleRequest = request(fixture.rows(), 1);
        batchRequest = request(fixture.rows(), BATCH_ROWS);
        StringBuilder json = new StringBuilder("{\"id\":\"42\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP64\",\"shape\":[1,")
                .append(LogisticFixture.FEATURES).append("],\"data\":[");
        for (int feature = 0; feature < LogisticFixture.FEATURES; feature++) {
            json.append(feature == 0 ? "" : ",").append(fixture.rows()[0][feature]);
        }
        singleRequestJson = json.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The whole runtime as the server uses it: SQLite metadata, the artifact store, the model cache, the router and
     * the scheduler (unbatched, the default), with one endpoint serving the model.
     */
    private void deployRuntime(byte[] artifact) throws IOException {
        storeDirectory = Files.createTempDirectory("marquee-runtime-benchmark");
        store = JdbcMetadataStore.openSqlite(storeDirectory.resolve("metadata.db"));
        LocalArtifactStore artifacts = new LocalArtifactStore(storeDirectory.resolve("artifacts"));
        StoredArtifact stored = artifacts.put(artifact);
        tenantId = store.tenants().create("benchmark", false).id();
        store.models().createVersion(tenantId, "logistic", stored.sha256(), stored.sizeBytes(),
                ModelArtifacts.readManifest(artifact), Optional.empty());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        scheduler = new InferenceScheduler(new InferenceSchedulerConfig(1, Duration.ofSeconds(1)), meters);
        deployments = new Deployments(store, new ModelCache(artifacts, 8), scheduler, BatchingPolicy.unbatched(256),
                Duration.ofSeconds(30), TrafficSettings.DEFAULT, meters, Clock.systemUTC());
        deployments.deploy(tenantId, "bench", "logistic", "1");
    }

    @TearDown
    public void tearDown() throws IOException {
        scheduler.close();
        store.close();
        try (var paths = Files.walk(storeDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Object[][] boxed(double[][] rows, int count) {
        Object[][] boxed = new Object[count][];
        for (int row = 0; row < count; row++) {
            boxed[row] = Arrays.stream(rows[row]).boxed().toArray();
        }
        return boxed;
    }

    private static InferenceRequest request(double[][] rows, int count) {
        double[] flat = new double[count * LogisticFixture.FEATURES];
        for (int row = 0; row < count; row++) {
            System.arraycopy(rows[row], 0, flat, row * LogisticFixture.FEATURES, LogisticFixture.FEATURES);
        }
        return new InferenceRequest(
                Optional.of("42"),
                List.of(InferenceTensor.numbers("input", Datatype.FP64, flat, count, LogisticFixture.FEATURES)),
                List.of(),
                Map.of());
    }

    /** The model itself: one typed row through the fitted pipeline and the linear scorer. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Predictions bareModelCall() {
        return model.predict(singleRow);
    }

    /** One OIP tensor request through the runtime's binding: tensor checks, row building, output tensors. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<InferenceTensor> runtimeTensorRequest() {
        return binding.infer(singleRequest);
    }

    /** One OIP tensor request through the whole runtime: endpoint lookup, router, scheduler, cache lease, metrics. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InferenceResponse runtimeEndpointRequest() {
        return deployments.infer(tenantId, "bench", singleRequest);
    }

    /** One OIP JSON request end to end without HTTP: parse, validate, the whole runtime, write the response body. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] runtimeJsonRequest() {
        return codec.writeResponse(deployments.infer(tenantId, "bench", codec.readRequest(singleRequestJson)));
    }

    /** Batched scoring through the runtime: rows per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_ROWS)
    public List<InferenceTensor> batchedRuntimeScoring() {
        return binding.infer(batchRequest);
    }

    /** Batched scoring by the bare model: rows per second on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH_ROWS)
    public Predictions batchedBareScoring() {
        return model.predict(batchRows);
    }
}
