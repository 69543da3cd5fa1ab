package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost model file (the JSON or UBJSON format of XGBoost's {@code save_model}) served by XGBoost4J.
 *
 * <p>It takes one FP32 or FP64 tensor {@code [n, features]} (whatever its name; the metadata calls it
 * {@value #INPUT}), rounded to float as XGBoost computes, and gives {@value #OUTPUT}: what XGBoost's
 * {@code predict} gives, i.e. the prediction after the objective's transformation (probability of class 1 for
 * {@code binary:logistic}, the class probabilities {@code [n, classes]} for {@code multi:softprob}, the value for
 * regression), as FP32 {@code [n]} when the model gives one number per row and {@code [n, k]} otherwise.
 *
 * <p>The file is checked before XGBoost parses it (complete JSON, or complete UBJSON, with a {@code learner}
 * object), because XGBoost's native parser may abort the process on a damaged document. XGBoost documents prediction
 * as thread-safe for tree boosters; the booster predicts on one OpenMP thread per call. {@link #close()} disposes the
 * booster once no request runs on it; later requests are UNAVAILABLE. Thread-safe.
 */
public final class XgboostServedModel implements ServedModel {
    public static final String PLATFORM = "xgboost";
    public static final String INPUT = "input";
    public static final String OUTPUT = "predict";

    /** Memory per byte of model file: XGBoost's trees in memory are at most about the size of the file, times two. */
    static final long MEMORY_PER_FILE_BYTE = 2;

    private final Booster booster;
    private final int featureCount;
    private final int outputWidth;
    private final String objective;
    private final Map<String, String> properties;
    private final long memoryBytes;
    private final NativeLifecycle lifecycle = new NativeLifecycle();

    private XgboostServedModel(
            Booster booster, int featureCount, int outputWidth, String objective, Map<String, String> properties,
            long memoryBytes) {
        this.booster = booster;
        this.featureCount = featureCount;
        this.outputWidth = outputWidth;
        this.objective = objective;
        this.properties = properties;
        this.memoryBytes = memoryBytes;
    }

    /**
     * Loads an XGBoost model file; a file that is not one, or that XGBoost refuses, is INVALID_ARGUMENT saying why
     * and leaves nothing allocated.
     */
    public static XgboostServedModel load(byte[] model) {
        requireNonNull(model, "model is null");
        JsonNode document = skeleton(model);
        JsonNode learner = document.path("learner");
        if (!learner.isObject()) {
            throw MarqueeException.invalid("the XGBoost model file has no 'learner' object");
        }
        String objective = learner.path("objective").path("name").asText("");
        if (objective.isEmpty()) {
            throw MarqueeException.invalid("the XGBoost model file does not name its objective (learner.objective.name)");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("objective", objective);
        properties.put("booster", learner.path("gradient_booster").path("name").asText("unknown"));
        JsonNode parameters = learner.path("learner_model_param");
        properties.put("num_class", parameters.path("num_class").asText("0"));
        JsonNode version = document.path("version");
        if (version.isArray() && !version.isEmpty()) {
            properties.put("xgboost_version", String.join(".", version.valueStream().map(JsonNode::asText).toList()));
        }
        Booster booster;
        try {
            booster = XGBoost.loadModel(model);
        } catch (XGBoostError | IOException e) {
            throw MarqueeException.invalid("XGBoost cannot load the model: %s", NativeLifecycle.firstLine(e.getMessage()));
        }
        try {
            booster.setParam("nthread", 1);
            long features = booster.getNumFeature();
            if (features < 1 || features > Integer.MAX_VALUE) {
                throw MarqueeException.invalid("the XGBoost model declares %d features; it needs at least 1", features);
            }
            int featureCount = (int) features;
            int width = booster.inplace_predict(new float[featureCount], 1, featureCount, Float.NaN)[0].length;
            properties.put("num_feature", Integer.toString(featureCount));
            properties.put("num_boosted_rounds", Integer.toString(booster.getNumBoostedRound()));
            return new XgboostServedModel(
                    booster, featureCount, width, objective, Collections.unmodifiableMap(properties),
                    Math.multiplyExact((long) model.length, MEMORY_PER_FILE_BYTE));
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            if (e instanceof MarqueeException marquee) {
                throw marquee;
            }
            throw MarqueeException.invalid("XGBoost cannot use the model: %s", NativeLifecycle.firstLine(e.getMessage()));
        }
    }

    /** The JSON or UBJSON document, read by Jackson or {@link Ubjson} so that XGBoost never sees a damaged one. */
    private static JsonNode skeleton(byte[] model) {
        if (ArtifactFormats.isJson(model)) {
            ObjectMapper mapper = Json.newObjectMapper();
            try {
                JsonNode root = mapper.readTree(model);
                if (root == null || !root.isObject()) {
                    throw MarqueeException.invalid("the XGBoost model file is not a JSON object");
                }
                return root;
            } catch (JacksonException e) {
                throw MarqueeException.invalid(
                        "the XGBoost model file is not valid JSON: %s", NativeLifecycle.firstLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw MarqueeException.invalid("the XGBoost model file cannot be read: %s", e.getMessage());
            }
        }
        if (model.length == 0 || model[0] != '{') {
            throw MarqueeException.invalid("the XGBoost model file is neither JSON nor UBJSON (it must start with '{')");
        }
        return Ubjson.readSkeleton(model);
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public List<TensorSpec> inputSpecs() {
        return List.of(new TensorSpec(INPUT, Datatype.FP32, List.of(-1L, (long) featureCount)));
    }

    @Override
    public List<TensorSpec> outputSpecs() {
        return List.of(new TensorSpec(
                OUTPUT, Datatype.FP32, outputWidth == 1 ? List.of(-1L) : List.of(-1L, (long) outputWidth)));
    }

    /** The objective the file names, e.g. {@code binary:logistic}. */
    public String objective() {
        return objective;
    }

    public int featureCount() {
        return featureCount;
    }

    /** What the file says of itself: objective, booster, class and feature counts, rounds, XGBoost version. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Classification for {@code binary:} and {@code multi:} objectives, else regression (values or scores). */
    public Task task() {
        return objective.startsWith("binary:") || objective.startsWith("multi:") ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public List<InferenceTensor> infer(InferenceRequest request) {
        requireNonNull(request, "request is null");
        for (String name : request.requestedOutputs()) {
            if (!name.equals(OUTPUT)) {
                throw MarqueeException.invalid("unknown output '%s'; the model's outputs are [%s]", name, OUTPUT);
            }
        }
        if (request.inputs().size() != 1) {
            throw MarqueeException.invalid(
                    "the model takes one input tensor [n, %d], got %d tensors", featureCount, request.inputs().size());
        }
        InferenceTensor input = request.inputs().getFirst();
        if (input.datatype() != Datatype.FP32 && input.datatype() != Datatype.FP64) {
            throw MarqueeException.invalid("input '%s' must be FP32 or FP64, was %s", input.name(), input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape.size() != 2 || shape.get(1) != featureCount) {
            throw MarqueeException.invalid(
                    "input '%s' must have shape [n, %d], was %s", input.name(), featureCount, shape);
        }
        int rows = Math.toIntExact(shape.getFirst());
        double[] values = ((TensorData.Numbers) input.data()).values();
        float[] features = new float[values.length];
        for (int index = 0; index < values.length; index++) {
            features[index] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, values[index]));
        }
        double[] predictions = new double[Math.multiplyExact(rows, outputWidth)];
        if (rows > 0) {
            float[][] scores = predict(features, rows);
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < outputWidth; column++) {
                    predictions[row * outputWidth + column] = scores[row][column];
                }
            }
        }
        List<Long> outputShape = outputWidth == 1 ? List.of((long) rows) : List.of((long) rows, (long) outputWidth);
        return List.of(new InferenceTensor(OUTPUT, Datatype.FP32, outputShape, new TensorData.Numbers(predictions)));
    }

    private float[][] predict(float[] features, int rows) {
        try {
            return lifecycle.use(() -> booster.inplace_predict(features, rows, featureCount, Float.NaN));
        } catch (XGBoostError e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "XGBoost failed to predict: " + NativeLifecycle.firstLine(e.getMessage()), e);
        }
    }

    /** Disposes the native booster once no request runs on it; idempotent. */
    @Override
    public void close() {
        lifecycle.release(booster::dispose);
    }
}
