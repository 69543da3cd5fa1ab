package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.marquee.server.oip.ModelInferRequest;
import dev.marquee.server.oip.ModelInferResponse;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives Marquee's gRPC {@code ModelInfer} with {@code h2load} (Debian package {@code nghttp2-client}), the HTTP/2
 * counterpart of wrk: the same pre-encoded gRPC message over a fixed number of connections, each with a fixed number of
 * concurrent streams (one stream per connection is wrk's shape; several is how a gRPC channel sends calls). h2load
 * counts HTTP statuses, not gRPC ones, so {@link #check} first proves over a real gRPC client that the message
 * succeeds. h2load reports the mean latency, not percentiles.
 */
final class H2LoadGrpc {
    static final String SERVICE = "inference.GRPCInferenceService";
    static final String METHOD = SERVICE + "/ModelInfer";
    private static final Pattern THROUGHPUT = Pattern.compile("finished in [0-9.]+m?s, ([0-9.]+) req/s");
    private static final Pattern REQUESTS =
            Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");
    private static final Pattern MEAN =
            Pattern.compile("time for request:\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)\\s");

    private final String executable;
    private final int threads;
    private final Path workDirectory;

    /** @param threads h2load's threads; each drives an equal share of the connections */
    H2LoadGrpc(String executable, int threads, Path workDirectory) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.executable = requireNonNull(executable, "executable is null");
        this.threads = threads;
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
    }

    boolean available() {
        return ExternalProcess.runs(List.of(executable, "--version"));
    }

    /** A one-row FP64 request with the row in {@code raw_input_contents} (little-endian), as fast clients send it. */
    static ModelInferRequest request(String model, double[] row) {
        ByteBuffer raw = ByteBuffer.allocate(row.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : row) {
            raw.putDouble(value);
        }
        return ModelInferRequest.newBuilder()
                .setModelName(model)
                .setId("bench")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("features")
                        .setDatatype("FP64")
                        .addShape(1)
                        .addShape(row.length))
                .addRawInputContents(ByteString.copyFrom(raw.flip()))
                .build();
    }

    /** Sends the request once over grpc-java and answers the response; fails unless it has outputs. */
    static ModelInferResponse check(int port, String apiKey, ModelInferRequest request) {
        MethodDescriptor<ModelInferRequest, ModelInferResponse> method =
                MethodDescriptor.<ModelInferRequest, ModelInferResponse>newBuilder()
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(METHOD)
                        .setRequestMarshaller(ProtoUtils.marshaller(ModelInferRequest.getDefaultInstance()))
                        .setResponseMarshaller(ProtoUtils.marshaller(ModelInferResponse.getDefaultInstance()))
                        .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            ModelInferResponse response = ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                    method,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    request);
            if (response.getOutputsCount() == 0) {
                throw new IllegalStateException("the gRPC check call answered no outputs");
            }
            return response;
        }
        finally {
            channel.shutdownNow();
        }
    }

    /**
     * Runs h2load against {@code port} for {@code seconds} with {@code connections} connections of
     * {@code streams} concurrent calls each.
     */
    WrkLoad.LoadResult run(
            int port, String apiKey, ModelInferRequest request, int connections, int streams, int seconds) {
        try {
            byte[] message = request.toByteArray();
            ByteBuffer framed = ByteBuffer.allocate(5 + message.length);
            framed.put((byte) 0).putInt(message.length).put(message);
            Path body = Files.createTempFile(workDirectory, "grpc", ".bin");
            Files.write(body, framed.array());
            String report = ExternalProcess.output(List.of(executable, "-t", Integer.toString(threads),
                    "-c", Integer.toString(connections),
                    "-m", Integer.toString(streams), "-D", Integer.toString(seconds), "-d", body.toString(),
                    "-H", "content-type: application/grpc", "-H", "te: trailers",
                    "-H", "authorization: Bearer " + apiKey,
                    "http://127.0.0.1:" + port + "/" + METHOD), seconds + 60L, TimeUnit.SECONDS);
            return parse(report);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WrkLoad.LoadResult parse(String report) {
        Matcher throughput = THROUGHPUT.matcher(report);
        Matcher requests = REQUESTS.matcher(report);
        if (!throughput.find() || !requests.find()) {
            throw new IllegalStateException("h2load printed no throughput:\n" + report);
        }
        Matcher time = MEAN.matcher(report);
        double mean = time.find() ? WrkLoad.millis(time.group(1), time.group(2)) : Double.NaN;
        long errors = Long.parseLong(requests.group(4)) + Long.parseLong(requests.group(5));
        return new WrkLoad.LoadResult(Double.parseDouble(throughput.group(1)), mean, Double.NaN, Double.NaN,
                Long.parseLong(requests.group(3)), errors);
    }
}
