package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.marquee.client.MarqueeClient;
import dev.marquee.server.oip.InferTensorContents;
import dev.marquee.server.oip.ModelInferRequest;
import dev.marquee.server.oip.ModelInferResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where gRPC calls run: a fast call whose key, endpoint and model are cached runs on the event loop
 * ({@code grpc-inline-below}) and answers as one on its own thread; a call that waits (here for its batch) goes to a
 * thread of its own, where the client's deadline and cancellation reach the inference queue: a request whose client
 * gave up leaves the queue at once instead of waiting there for its batch (here: an hour).
 */
class GrpcCallThreadsTest {
    private static final Pattern INLINE_CALLS =
            Pattern.compile("(?m)^marquee_grpc_infer_inline_total(?:\\{[^}]*})? (\\S+)");
    private static final Pattern ONE_QUEUED =
            Pattern.compile("marquee_inference_queue_depth\\{[^}]*endpoint=\"churn\"[^}]*} 1\\.0");
    private static final Pattern NONE_QUEUED =
            Pattern.compile("marquee_inference_queue_depth\\{[^}]*endpoint=\"churn\"[^}]*} 0\\.0");
    private static final MethodDescriptor<ModelInferRequest, ModelInferResponse> MODEL_INFER =
            MethodDescriptor.<ModelInferRequest, ModelInferResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("inference.GRPCInferenceService/ModelInfer")
                    .setRequestMarshaller(ProtoUtils.marshaller(ModelInferRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ModelInferResponse.getDefaultInstance()))
                    .build();

    @TempDir
    Path dataDirectory;

    @Test
    void aRequestWhoseClientGaveUpLeavesTheQueue() throws Exception {
        // Batches of 2 rows that wait up to an hour to fill: a 1-row request stays queued until its client gives up.
        Map<String, String> settings =
                Map.of("batch-max-size", "2", "batch-max-delay", "1h", "inference-timeout", "10m");
        withChurnOverGrpc(settings, (channel, authorized, anonymous) -> {
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(authorized, MODEL_INFER,
                            CallOptions.DEFAULT.withDeadlineAfter(500, TimeUnit.MILLISECONDS), oneViewer()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
            awaitMetrics(anonymous, NONE_QUEUED);

            ListenableFuture<ModelInferResponse> pending = ClientCalls.futureUnaryCall(
                    authorized.newCall(MODEL_INFER, CallOptions.DEFAULT), oneViewer());
            awaitMetrics(anonymous, ONE_QUEUED);
            pending.cancel(true);
            awaitMetrics(anonymous, NONE_QUEUED);
            return null;
        });
    }

    @Test
    void fastCallsRunOnTheEventLoopOnceWarmAndAnswerAsCallsOnTheirOwnThread() throws Exception {
        // A threshold no call of this model reaches, so that the count does not depend on the machine's speed; the
        // first call is not inline (its key is not cached yet), nor are those before the model has 16 timed calls.
        assertThat(inlineCallsOf(Map.of("grpc-inline-below", "10s"), 40)).isGreaterThanOrEqualTo(40 - 1 - 16);
    }

    @Test
    void aZeroThresholdSendsEveryCallToItsOwnThread() throws Exception {
        assertThat(inlineCallsOf(Map.of("grpc-inline-below", "0us"), 40)).isZero();
    }

    /** Makes {@code calls} identical infer calls; each answers the same; returns how many ran on the event loop. */
    private long inlineCallsOf(Map<String, String> settings, int calls) throws Exception {
        return withChurnOverGrpc(settings, (channel, authorized, anonymous) -> {
            ModelInferResponse first = ClientCalls.blockingUnaryCall(authorized, MODEL_INFER, CallOptions.DEFAULT,
                    oneViewer());
            for (int call = 1; call < calls; call++) {
                assertThat(ClientCalls.blockingUnaryCall(authorized, MODEL_INFER, CallOptions.DEFAULT, oneViewer()))
                        .isEqualTo(first);
            }
            assertThat(first.getOutputsCount()).isPositive();
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(authorized(channel, "mq_wrong"), MODEL_INFER,
                            CallOptions.DEFAULT, oneViewer()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            Matcher inline = INLINE_CALLS.matcher(anonymous.get("/metrics").text());
            assertThat(inline.find()).as("the inline counter is exported").isTrue();
            return (long) Double.parseDouble(inline.group(1));
        });
    }

    /** A test against a server serving churn over gRPC: the channel, it with an infer key, an anonymous REST client. */
    @FunctionalInterface
    private interface GrpcTest<T> {
        T run(ManagedChannel channel, Channel authorized, MarqueeClient anonymous) throws Exception;
    }

    /** Starts a server with {@code settings}, deploys churn, and runs {@code test} over a gRPC channel to it. */
    private <T> T withChurnOverGrpc(Map<String, String> settings, GrpcTest<T> test) throws Exception {
        try (TestServer server = TestServer.start(dataDirectory, settings);
                MarqueeClient client = Fixtures.tenant(server, "studio");
                MarqueeClient anonymous = server.anonymous()) {
            String key = deployChurnWithInferKey(client);
            ManagedChannel channel = grpcChannel(server);
            try {
                return test.run(channel, authorized(channel, key), anonymous);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** Trains and deploys the churn model as endpoint {@code churn}; returns a new key with the infer scope. */
    private static String deployChurnWithInferKey(MarqueeClient client) {
        Fixtures.trainChurnModel(client, "churn", 400, 3);
        client.deploy("churn", "churn", 1);
        return client.post("/v1/api-keys", Map.of("name", "grpc", "scopes", List.of("infer")))
                .successJson().path("token").asText();
    }

    private static ManagedChannel grpcChannel(TestServer server) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", server.server().grpcPort().getAsInt()).usePlaintext()
                .build();
    }

    private static Channel authorized(ManagedChannel channel, String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void awaitMetrics(MarqueeClient anonymous, Pattern pattern) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!pattern.matcher(anonymous.get("/metrics").text()).find()) {
            assertThat(System.nanoTime()).as("metrics never matched " + pattern).isLessThan(giveUp);
            Thread.onSpinWait();
        }
    }

    private static ModelInferRequest oneViewer() {
        return ModelInferRequest.newBuilder()
                .setModelName("churn")
                .addInputs(number("age", 30))
                .addInputs(text("plan", "basic"))
                .addInputs(number("weekly_hours", 3.5))
                .addInputs(number("sessions_per_week", 2))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("has_kids").setDatatype("BOOL")
                        .addShape(1).setContents(InferTensorContents.newBuilder().addBoolContents(false)))
                .addInputs(text("favourite_genre", "drama"))
                .addInputs(text("signup_date", "2022-01-05"))
                .addInputs(number("monthly_spend", 7.5))
                .build();
    }

    private static ModelInferRequest.InferInputTensor number(String name, double value) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("FP64").addShape(1)
                .setContents(InferTensorContents.newBuilder().addFp64Contents(value)).build();
    }

    private static ModelInferRequest.InferInputTensor text(String name, String value) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("BYTES").addShape(1)
                .setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8(value))).build();
    }
}
