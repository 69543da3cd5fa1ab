package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.runtime.Datatype;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One way of speaking the Open Inference Protocol to a server, as the conformance suite drives it: REST with flat or
 * nested {@code data}, or gRPC with typed {@code contents} or {@code raw_input_contents}. Every call that the server
 * refuses throws {@link Failure} carrying the transport's own status (an HTTP status or a gRPC code name). Not
 * {@link AutoCloseable}, on purpose: JUnit closes auto-closeable arguments of parameterized tests after each use.
 */
interface OipTransport {
    /** {@code "rest"} or {@code "grpc"}. */
    String protocol();

    boolean live();

    boolean ready();

    ServerInfo serverMetadata();

    /** {@code key} empty sends no credentials. */
    ModelInfo modelMetadata(Optional<String> key, String model, Optional<String> version);

    boolean modelReady(Optional<String> key, String model, Optional<String> version);

    Result infer(Optional<String> key, String model, Optional<String> version, Request request);

    /** The status this transport answers with for an HTTP status and the gRPC code the specification pairs with it. */
    default String expectedStatus(int httpStatus, io.grpc.Status.Code grpcCode) {
        return protocol().equals("rest") ? Integer.toString(httpStatus) : grpcCode.name();
    }

    /** Releases the connection; the suite calls it once, after all tests. */
    void close();

    /** A tensor with its elements flattened row-major: Number, Boolean or String values. */
    record Tensor(String name, Datatype datatype, List<Long> shape, List<Object> data) {
        public Tensor {
            requireNonNull(name, "name is null");
            requireNonNull(datatype, "datatype is null");
            shape = List.copyOf(shape);
            data = List.copyOf(data);
        }

        List<Double> numbers() {
            return data.stream().map(value -> ((Number) value).doubleValue()).toList();
        }
    }

    record Request(Optional<String> id, List<Tensor> inputs, List<String> outputs, Map<String, Object> parameters) {
        public Request {
            requireNonNull(id, "id is null");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            parameters = Map.copyOf(parameters);
        }

        Request withId(String newId) {
            return new Request(Optional.of(newId), inputs, outputs, parameters);
        }

        Request withOutputs(String... names) {
            return new Request(id, inputs, List.of(names), parameters);
        }

        Request withParameters(Map<String, Object> newParameters) {
            return new Request(id, inputs, outputs, newParameters);
        }

        Request withInput(Tensor replacement) {
            return new Request(id, inputs.stream()
                    .map(input -> input.name().equals(replacement.name()) ? replacement : input)
                    .toList(), outputs, parameters);
        }
    }

    /** @param rawOutputs whether the outputs came as {@code raw_output_contents} (gRPC only) */
    record Result(String modelName, String modelVersion, Optional<String> id, List<Tensor> outputs, boolean rawOutputs) {
        Tensor output(String name) {
            return outputs.stream().filter(output -> output.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no output " + name + " in " + outputs));
        }
    }

    record ServerInfo(String name, String version, List<String> extensions) {}

    record ModelInfo(String name, List<String> versions, String platform, List<TensorInfo> inputs, List<TensorInfo> outputs) {}

    record TensorInfo(String name, String datatype, List<Long> shape) {}

    /** A refused call: the transport's status and the error message the server gave. */
    final class Failure extends RuntimeException {
        private final String status;

        Failure(String status, String message) {
            super(status + ": " + message);
            this.status = status;
        }

        String status() {
            return status;
        }
    }
}
