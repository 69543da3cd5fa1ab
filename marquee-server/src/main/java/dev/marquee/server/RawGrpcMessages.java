package dev.marquee.server;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC messages as the bytes on the wire, unparsed: for clients and servers that send or answer pre-encoded messages
 * (conformance tests that send malformed ones, the serving benchmark's empty server).
 */
public final class RawGrpcMessages {
    /** Reads and writes a message as its encoded bytes. Stateless. */
    public static final MethodDescriptor.Marshaller<byte[]> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawGrpcMessages() {}
}
