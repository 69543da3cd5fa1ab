package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merging requests into one batch along dimension 0 and splitting the outputs back. Requests merge when they go to
 * the same model and have the same inputs (names, datatypes, element kinds and trailing dimensions, in order), the
 * same requested outputs and the same parameters apart from {@link Deadline#TIMEOUT_PARAMETER}; every input of a
 * request must have the same first dimension, its row count.
 */
final class Batches {
    private Batches() {}

    /** What two requests must share to run as one batch. */
    record Signature(ServedModel model, List<InputShape> inputs, List<String> requestedOutputs, Map<String, Object> parameters) {
        Signature {
            requireNonNull(model, "model is null");
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            requestedOutputs = List.copyOf(requireNonNull(requestedOutputs, "requestedOutputs is null"));
            parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        }
    }

    record InputShape(String name, Datatype datatype, Class<? extends TensorData> kind, List<Long> trailingDimensions) {
        InputShape {
            requireNonNull(name, "name is null");
            requireNonNull(datatype, "datatype is null");
            requireNonNull(kind, "kind is null");
            trailingDimensions = List.copyOf(requireNonNull(trailingDimensions, "trailingDimensions is null"));
        }
    }

    /** A request's batching signature and row count; empty when it can only run alone. */
    record Batchable(Signature signature, int rows) {}

    static Optional<Batchable> batchable(ServedModel model, InferenceRequest request) {
        if (request.inputs().isEmpty()) {
            return Optional.empty();
        }
        long rows = -1;
        List<InputShape> shapes = new ArrayList<>(request.inputs().size());
        for (InferenceTensor input : request.inputs()) {
            if (input.shape().isEmpty()) {
                return Optional.empty();
            }
            long first = input.shape().getFirst();
            if ((rows >= 0 && first != rows) || first <= 0 || first > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            rows = first;
            shapes.add(new InputShape(
                    input.name(), input.datatype(), input.data().getClass(),
                    input.shape().subList(1, input.shape().size())));
        }
        Map<String, Object> parameters = request.parameters();
        if (parameters.containsKey(Deadline.TIMEOUT_PARAMETER)) {
            parameters = new HashMap<>(parameters);
            parameters.remove(Deadline.TIMEOUT_PARAMETER);
        }
        return Optional.of(new Batchable(
                new Signature(model, shapes, request.requestedOutputs(), parameters), (int) rows));
    }

    /** One request with the rows of all {@code requests} (same signature) in order. */
    static InferenceRequest merge(List<InferenceRequest> requests, int totalRows) {
        InferenceRequest first = requests.getFirst();
        List<InferenceTensor> inputs = new ArrayList<>(first.inputs().size());
        for (int index = 0; index < first.inputs().size(); index++) {
            InferenceTensor model = first.inputs().get(index);
            List<TensorData> parts = new ArrayList<>(requests.size());
            for (InferenceRequest request : requests) {
                parts.add(request.inputs().get(index).data());
            }
            List<Long> shape = new ArrayList<>(model.shape());
            shape.set(0, (long) totalRows);
            inputs.add(new InferenceTensor(model.name(), model.datatype(), shape, concatenate(parts)));
        }
        Map<String, Object> parameters = new HashMap<>(first.parameters());
        parameters.remove(Deadline.TIMEOUT_PARAMETER);
        return new InferenceRequest(Optional.empty(), inputs, first.requestedOutputs(), parameters);
    }

    private static TensorData concatenate(List<TensorData> parts) {
        int length = parts.stream().mapToInt(TensorData::length).sum();
        return switch (parts.getFirst()) {
            case TensorData.Numbers ignored -> {
                double[] values = new double[length];
                int at = 0;
                for (TensorData part : parts) {
                    double[] source = ((TensorData.Numbers) part).values();
                    System.arraycopy(source, 0, values, at, source.length);
                    at += source.length;
                }
                yield new TensorData.Numbers(values);
            }
            case TensorData.Booleans ignored -> {
                boolean[] values = new boolean[length];
                int at = 0;
                for (TensorData part : parts) {
                    boolean[] source = ((TensorData.Booleans) part).values();
                    System.arraycopy(source, 0, values, at, source.length);
                    at += source.length;
                }
                yield new TensorData.Booleans(values);
            }
            case TensorData.Strings ignored -> {
                String[] values = new String[length];
                int at = 0;
                for (TensorData part : parts) {
                    String[] source = ((TensorData.Strings) part).values();
                    System.arraycopy(source, 0, values, at, source.length);
                    at += source.length;
                }
                yield new TensorData.Strings(values);
            }
        };
    }

    /**
     * The outputs of a merged call cut back into each request's rows; empty when an output's first dimension is not
     * the batch's row count (the model's outputs are not per row, so the batch cannot be split).
     */
    static Optional<List<List<InferenceTensor>>> split(List<InferenceTensor> outputs, int[] rowCounts, int totalRows) {
        for (InferenceTensor output : outputs) {
            if (output.shape().isEmpty() || output.shape().getFirst() != totalRows) {
                return Optional.empty();
            }
        }
        List<List<InferenceTensor>> perRequest = new ArrayList<>(rowCounts.length);
        for (int ignored : rowCounts) {
            perRequest.add(new ArrayList<>(outputs.size()));
        }
        for (InferenceTensor output : outputs) {
            int width = output.data().length() / totalRows;
            int row = 0;
            for (int request = 0; request < rowCounts.length; request++) {
                int from = row * width;
                int to = (row + rowCounts[request]) * width;
                List<Long> shape = new ArrayList<>(output.shape());
                shape.set(0, (long) rowCounts[request]);
                perRequest.get(request).add(
                        new InferenceTensor(output.name(), output.datatype(), shape, slice(output.data(), from, to)));
                row += rowCounts[request];
            }
        }
        return Optional.of(perRequest.stream().map(List::copyOf).toList());
    }

    private static TensorData slice(TensorData data, int from, int to) {
        return switch (data) {
            case TensorData.Numbers numbers -> new TensorData.Numbers(Arrays.copyOfRange(numbers.values(), from, to));
            case TensorData.Booleans booleans ->
                    new TensorData.Booleans(Arrays.copyOfRange(booleans.values(), from, to));
            case TensorData.Strings strings -> new TensorData.Strings(Arrays.copyOfRange(strings.values(), from, to));
        };
    }
}
