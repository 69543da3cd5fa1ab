package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Column;
import dev.marquee.core.Explanation;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.Predictions;
import dev.marquee.core.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a {@link LoadedModel} to the Open Inference Protocol: turns input tensors into model rows, predictions into
 * output tensors, and describes the tensors in model metadata.
 *
 * <p>Two input forms are accepted: one tensor per input column (named after the column, shape {@code [n]} or
 * {@code [n, 1]}), or, when every input column is numeric or boolean, a single numeric tensor of shape
 * {@code [n, d]} with columns in metadata order. Immutable and thread-safe.
 */
public final class ModelBinding implements ServedModel {
    public static final String PREDICT_OUTPUT = "predict";
    public static final String PROBABILITIES_OUTPUT = "probabilities";

    /**
     * The optional output with each row's explanation, FP64 {@code [n, outputs, inputs + 1]}: per model output (class
     * in order, or the one regression value) the contribution of each input column in input order, then the base
     * value. Returned only when requested by name or with the request parameter {@code explain: true}.
     */
    public static final String CONTRIBUTIONS_OUTPUT = "contributions";

    /** The request parameter that adds {@link #CONTRIBUTIONS_OUTPUT} to the outputs. */
    public static final String EXPLAIN_PARAMETER = "explain";

    private final LoadedModel model;
    private final List<Column> inputs;
    private final Map<String, Integer> inputPositions;
    private final boolean acceptsMatrix;
    private final long memoryBytes;
    private final List<String> defaultOutputNames;
    private final Set<String> availableOutputNames;

    /** Binds {@code model}; {@code memoryBytes} estimates what it holds (the artifact size is a fair proxy). */
    public ModelBinding(LoadedModel model, long memoryBytes) {
        this.model = requireNonNull(model, "model is null");
        this.memoryBytes = memoryBytes;
        this.inputs = model.manifest().inputs();
        Map<String, Integer> positions = new HashMap<>();
        for (int index = 0; index < inputs.size(); index++) {
            positions.put(inputs.get(index).name(), index);
        }
        this.inputPositions = Map.copyOf(positions);
        this.acceptsMatrix = inputs.stream().allMatch(column -> switch (column.type()) {
            case NUMERIC, BOOLEAN -> true;
            case CATEGORICAL, TEXT, TIMESTAMP -> false;
        });
        this.defaultOutputNames = defaultOutputSpecs().stream().map(TensorSpec::name).toList();
        this.availableOutputNames = outputSpecs().stream().map(TensorSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    public ModelBinding(LoadedModel model) {
        this(model, 0);
    }

    /** Loads a Marquee model artifact (verified by the caller) and binds it. */
    public static ModelBinding load(byte[] artifact) {
        return new ModelBinding(ModelArtifacts.load(artifact), artifact.length);
    }

    public ModelManifest manifest() {
        return model.manifest();
    }

    @Override
    public String platform() {
        return "marquee_" + manifest().algorithm();
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return inputs.stream()
                .map(column -> new TensorSpec(column.name(), datatypeOf(column), List.of(-1L)))
                .toList();
    }

    /** Every output a caller may request; the default outputs are these without {@link #CONTRIBUTIONS_OUTPUT}. */
    @Override
    public List<TensorSpec> outputSpecs() {
        List<TensorSpec> specs = new ArrayList<>(defaultOutputSpecs());
        long outputs = manifest().output().task() == Task.CLASSIFICATION ? manifest().output().classes().size() : 1;
        specs.add(new TensorSpec(
                CONTRIBUTIONS_OUTPUT, Datatype.FP64, List.of(-1L, outputs, (long) inputs.size() + 1)));
        return specs;
    }

    private List<TensorSpec> defaultOutputSpecs() {
        return switch (manifest().output().task()) {
            case CLASSIFICATION -> List.of(
                    new TensorSpec(PREDICT_OUTPUT, Datatype.BYTES, List.of(-1L)),
                    new TensorSpec(
                            PROBABILITIES_OUTPUT,
                            Datatype.FP32,
                            List.of(-1L, (long) manifest().output().classes().size())));
            case REGRESSION -> List.of(new TensorSpec(PREDICT_OUTPUT, Datatype.FP64, List.of(-1L)));
        };
    }

    /** Scores the request; every problem with the inputs is an INVALID_ARGUMENT naming the tensor. */
    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        List<String> outputNames = new ArrayList<>(outputNames(request.requestedOutputs()));
        if (explainRequested(request) && !outputNames.contains(CONTRIBUTIONS_OUTPUT)) {
            outputNames.add(CONTRIBUTIONS_OUTPUT);
        }
        Object[][] rows = rows(request.inputs());
        Predictions predictions = model.predict(rows);
        List<InferenceTensor> outputs = new ArrayList<>(outputNames.size());
        for (String name : outputNames) {
            outputs.add(name.equals(CONTRIBUTIONS_OUTPUT)
                    ? contributions(model.explain(rows))
                    : output(name, predictions));
        }
        return outputs;
    }

    /** Explains the request's rows by input column; every problem with the inputs is as in {@link #infer}. */
    @Override
    public Explanation explain(InferenceRequest request) {
        return model.explain(rows(request.inputs()));
    }

    private static boolean explainRequested(InferenceRequest request) {
        Object explain = request.parameters().get(EXPLAIN_PARAMETER);
        if (explain == null || explain instanceof Boolean) {
            return Boolean.TRUE.equals(explain);
        }
        throw MarqueeException.invalid("parameter '%s' must be a boolean, was %s", EXPLAIN_PARAMETER, explain);
    }

    private InferenceTensor contributions(Explanation explanation) {
        int outputs = explanation.outputs().size();
        int width = inputs.size() + 1;
        double[] flat = new double[explanation.rows().size() * outputs * width];
        int index = 0;
        for (Explanation.Row row : explanation.rows()) {
            for (int output = 0; output < outputs; output++) {
                for (List<Double> perOutput : row.contributions().values()) {
                    flat[index++] = perOutput.get(output);
                }
                flat[index++] = row.base().get(output);
            }
        }
        return InferenceTensor.numbers(
                CONTRIBUTIONS_OUTPUT, Datatype.FP64, flat, explanation.rows().size(), outputs, width);
    }

    private List<String> outputNames(List<String> requested) {
        if (requested.isEmpty()) {
            return defaultOutputNames;
        }
        for (String name : requested) {
            if (!availableOutputNames.contains(name)) {
                List<String> available = outputSpecs().stream().map(TensorSpec::name).toList();
                throw MarqueeException.invalid("unknown output '%s'; this model has outputs %s", name, available);
            }
        }
        return requested;
    }

    private Object[][] rows(List<InferenceTensor> tensors) {
        if (tensors.isEmpty()) {
            throw MarqueeException.invalid("request has no inputs; expected %s", inputPositions.keySet());
        }
        if (tensors.size() == 1 && !inputPositions.containsKey(tensors.getFirst().name())) {
            return matrixRows(tensors.getFirst());
        }
        return columnRows(tensors);
    }

    private Object[][] matrixRows(InferenceTensor tensor) {
        if (!acceptsMatrix) {
            throw MarqueeException.invalid(
                    "unknown input '%s'; this model needs one tensor per input column %s",
                    tensor.name(), inputs.stream().map(Column::name).toList());
        }
        if (tensor.shape().size() != 2 || tensor.shape().get(1) != inputs.size()) {
            throw MarqueeException.invalid(
                    "input '%s': shape %s must be [n, %d] (one column per model input) or use one tensor per input %s",
                    tensor.name(), tensor.shape(), inputs.size(), inputs.stream().map(Column::name).toList());
        }
        if (!(tensor.data() instanceof TensorData.Numbers numbers)) {
            throw MarqueeException.invalid(
                    "input '%s': datatype %s is not numeric; a [n, d] input must be FP32, FP64 or an integer type",
                    tensor.name(), tensor.datatype());
        }
        int rowCount = Math.toIntExact(tensor.shape().get(0));
        int width = inputs.size();
        Object[][] rows = new Object[rowCount][width];
        double[] values = numbers.values();
        for (int row = 0; row < rowCount; row++) {
            for (int column = 0; column < width; column++) {
                rows[row][column] = matrixCell(tensor.name(), inputs.get(column), values[row * width + column], row);
            }
        }
        return rows;
    }

    private static Object matrixCell(String tensorName, Column column, double value, int row) {
        return switch (column.type()) {
            case NUMERIC -> value;
            case BOOLEAN -> {
                if (value != 0 && value != 1) {
                    throw MarqueeException.invalid(
                            "input '%s' row %d: column '%s' is boolean and takes 0 or 1, not %s",
                            tensorName, row, column.name(), value);
                }
                yield value == 1;
            }
            case CATEGORICAL, TEXT, TIMESTAMP -> throw new IllegalStateException("matrix input for " + column);
        };
    }

    private Object[][] columnRows(List<InferenceTensor> tensors) {
        InferenceTensor[] byPosition = new InferenceTensor[inputs.size()];
        for (InferenceTensor tensor : tensors) {
            Integer position = inputPositions.get(tensor.name());
            if (position == null) {
                throw MarqueeException.invalid(
                        "unknown input '%s'; expected %s", tensor.name(), inputs.stream().map(Column::name).toList());
            }
            if (byPosition[position] != null) {
                throw MarqueeException.invalid("input '%s' is given twice", tensor.name());
            }
            byPosition[position] = tensor;
        }
        long rowCount = -1;
        for (int position = 0; position < byPosition.length; position++) {
            InferenceTensor tensor = byPosition[position];
            if (tensor == null) {
                throw MarqueeException.invalid("missing input '%s'", inputs.get(position).name());
            }
            List<Long> shape = tensor.shape();
            boolean columnShape = shape.size() == 1 || (shape.size() == 2 && shape.get(1) == 1);
            if (!columnShape) {
                throw MarqueeException.invalid("input '%s': shape %s must be [n] or [n, 1]", tensor.name(), shape);
            }
            if (rowCount >= 0 && shape.get(0) != rowCount) {
                throw MarqueeException.invalid(
                        "input '%s': %d rows, but other inputs have %d", tensor.name(), shape.get(0), rowCount);
            }
            rowCount = shape.get(0);
        }
        int rows = Math.toIntExact(rowCount);
        Object[][] result = new Object[rows][inputs.size()];
        for (int position = 0; position < byPosition.length; position++) {
            fillColumn(result, position, inputs.get(position), byPosition[position]);
        }
        return result;
    }

    private static void fillColumn(Object[][] rows, int position, Column column, InferenceTensor tensor) {
        switch (column.type()) {
            case NUMERIC -> {
                if (!(tensor.data() instanceof TensorData.Numbers numbers)) {
                    throw wrongDatatype(tensor, column, "a numeric datatype (FP32, FP64, INT32, INT64...)");
                }
                for (int row = 0; row < rows.length; row++) {
                    rows[row][position] = numbers.values()[row];
                }
            }
            case BOOLEAN -> {
                if (!(tensor.data() instanceof TensorData.Booleans booleans)) {
                    throw wrongDatatype(tensor, column, "BOOL");
                }
                for (int row = 0; row < rows.length; row++) {
                    rows[row][position] = booleans.values()[row];
                }
            }
            case CATEGORICAL, TEXT, TIMESTAMP -> {
                switch (tensor.data()) {
                    case TensorData.Strings strings -> {
                        for (int row = 0; row < rows.length; row++) {
                            rows[row][position] = strings.values()[row];
                        }
                    }
                    case TensorData.Numbers numbers when tensor.datatype().isInteger() -> {
                        for (int row = 0; row < rows.length; row++) {
                            rows[row][position] = Long.toString((long) numbers.values()[row]);
                        }
                    }
                    default -> throw wrongDatatype(tensor, column, "BYTES");
                }
            }
        }
    }

    private static MarqueeException wrongDatatype(InferenceTensor tensor, Column column, String expected) {
        return MarqueeException.invalid(
                "input '%s': datatype %s does not fit column type %s; send %s",
                tensor.name(), tensor.datatype(), column.type(), expected);
    }

    private InferenceTensor output(String name, Predictions predictions) {
        int rows = predictions.size();
        Task task = manifest().output().task();
        if (name.equals(PREDICT_OUTPUT)) {
            return switch (task) {
                case CLASSIFICATION -> InferenceTensor.strings(name, predictions.labels(), rows);
                case REGRESSION -> InferenceTensor.numbers(name, Datatype.FP64, predictions.values(), rows);
            };
        }
        int classes = manifest().output().classes().size();
        double[] flat = new double[rows * classes];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(predictions.probabilities()[row], 0, flat, row * classes, classes);
        }
        return InferenceTensor.numbers(name, Datatype.FP32, flat, rows, classes);
    }

    private static Datatype datatypeOf(Column column) {
        return switch (column.type()) {
            case NUMERIC -> Datatype.FP64;
            case BOOLEAN -> Datatype.BOOL;
            case CATEGORICAL, TEXT, TIMESTAMP -> Datatype.BYTES;
        };
    }
}
