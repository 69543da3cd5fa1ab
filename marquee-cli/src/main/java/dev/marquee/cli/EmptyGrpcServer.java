package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import dev.marquee.server.RawGrpcMessages;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The gRPC target's ceiling, as the bare handler is REST's: grpc-java with Marquee's listener settings (Netty, callbacks
 * on the event loop) answering {@code ModelInfer} with a fixed, pre-encoded response — no protobuf parsing,
 * authentication, routing or model. Marquee's gRPC infer is measured as a fraction of it.
 */
final class EmptyGrpcServer implements AutoCloseable {
    private final Server server;

    /** Starts on a free port of 127.0.0.1; every call is answered with {@code reply}, an encoded response message. */
    EmptyGrpcServer(byte[] reply) {
        requireNonNull(reply, "reply is null");
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(H2LoadGrpc.METHOD)
                .setRequestMarshaller(RawGrpcMessages.MARSHALLER)
                .setResponseMarshaller(RawGrpcMessages.MARSHALLER)
                .build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(H2LoadGrpc.SERVICE)
                .addMethod(method, ServerCalls.asyncUnaryCall((request, observer) -> {
                    observer.onNext(reply);
                    observer.onCompleted();
                }))
                .build();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .directExecutor()
                    .addService(service)
                    .build()
                    .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the empty gRPC server", e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
