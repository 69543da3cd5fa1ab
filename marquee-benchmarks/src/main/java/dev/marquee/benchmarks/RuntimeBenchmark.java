package dev.marquee.benchmarks;

import dev.marquee.core.LoadedModel;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.runtime.Datatype;
import dev.marquee.runtime.InferenceRequest;
import dev.marquee.runtime.InferenceResponse;
import dev.marquee.runtime.InferenceTensor;
import dev.marquee.runtime.ModelBinding;
import dev.marquee.runtime.OipJsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    @Setup
    public void setUp() {
        LogisticFixture fixture = LogisticFixture.train(BATCH_ROWS);
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

    /** One OIP JSON request end to end without HTTP: parse, validate, score, write the response body. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] runtimeJsonRequest() {
        InferenceRequest request = codec.readRequest(singleRequestJson);
        return codec.writeResponse(new InferenceResponse("bench", "1", request.id(), binding.infer(request)));
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
