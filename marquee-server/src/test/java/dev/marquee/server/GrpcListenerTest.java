package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.marquee.server.oip.ModelInferRequest;
import dev.marquee.server.oip.ServerLiveRequest;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC listener's life cycle and limits: switched off by configuration, bounded messages, closed with the server. */
class GrpcListenerTest {
    @TempDir
    Path dataDirectory;

    @Test
    void grpcPortOffStartsNoGrpcListener() {
        try (TestServer server = TestServer.start(dataDirectory, Map.of("grpc-port", "off"))) {
            assertThat(server.server().grpcPort()).isEmpty();
            assertThat(server.anonymous().get("/v2/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void messagesOverMaxRequestSizeAreRefusedAsResourceExhausted() {
        try (TestServer server = TestServer.start(dataDirectory, Map.of("max-request-size", "64KiB"))) {
            ManagedChannel channel = channel(server.server().grpcPort().orElseThrow());
            try {
                ModelInferRequest request = ModelInferRequest.newBuilder()
                        .setModelName("anything")
                        .addRawInputContents(ByteString.copyFrom(new byte[128 * 1024]))
                        .build();
                assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                                channel, OipGrpcService.MODEL_INFER, CallOptions.DEFAULT, request))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, failure ->
                                assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void closingTheServerClosesTheGrpcListener() throws InterruptedException {
        TestServer server = TestServer.start(dataDirectory);
        int port = server.server().grpcPort().orElseThrow();
        ManagedChannel channel = channel(port);
        try {
            assertThat(ClientCalls.blockingUnaryCall(channel, OipGrpcService.SERVER_LIVE, CallOptions.DEFAULT,
                    ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
            server.close();
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, OipGrpcService.SERVER_LIVE,
                            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), ServerLiveRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, failure ->
                            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static ManagedChannel channel(int port) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }
}
