package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.ExplainableModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A fitted {@code gradient_boosting} model: an XGBoost booster kept as the bytes of XGBoost's own JSON model format,
 * loaded into native memory on the first prediction and freed when this model becomes unreachable. Binary
 * classification outputs {@code [1 - p, p]} for XGBoost's probability {@code p} of class 1; multiclass the k
 * probabilities, renormalised in double precision so they sum to 1; regression the predicted value. Only the first
 * {@link #rounds()} boosting rounds predict (fewer than the booster holds after early stopping).
 *
 * <p>Its JSON shape, part of the artifact format, is {@code {"task", "featureCount", "outputCount", "rounds",
 * "boosterFormat": "json", "boosterSha256", "booster": base64}}. The digest is checked when the model is created, so a
 * damaged artifact fails with {@link IllegalArgumentException} before any byte reaches XGBoost's native parser
 * (XGBoost aborts the JVM on an empty buffer and, in its binary UBJSON format, on some truncated ones).
 *
 * <p>Immutable from the outside and thread-safe: XGBoost documents prediction, including SHAP contributions, as
 * thread-safe for tree boosters since 1.4 as long as nobody trains the same booster, which nobody does once it is
 * here. The native booster predicts on one OpenMP thread, since every call scores one row. A prediction allocates a
 * little: XGBoost4J returns fresh arrays; the one-row matrix the contributions need is freed before returning.
 */
@JsonPropertyOrder({"task", "featureCount", "outputCount", "rounds", "boosterFormat", "boosterSha256", "booster"})
public final class GradientBoostingModel implements ExplainableModel {
    /** The only booster format written and read so far. */
    static final String BOOSTER_FORMAT = "json";

    private static final Cleaner CLEANER = Cleaner.create();

    private final Task task;
    private final int featureCount;
    private final int outputCount;
    private final int rounds;
    private final String boosterFormat;
    private final String boosterSha256;
    private final byte[] booster;
    private final Object loading = new Object();
    private volatile Booster loaded;

    /**
     * A model as read from an artifact.
     *
     * @param outputCount regression: 1; classification: the class count, at least 2
     * @param rounds the boosting rounds to predict with, at least 1 and at most the booster's
     * @param boosterFormat {@value #BOOSTER_FORMAT}
     * @param boosterSha256 lower-case hex SHA-256 of {@code booster}
     * @param booster the booster in XGBoost's JSON model format
     * @throws IllegalArgumentException when a value is out of range or the bytes do not match the digest
     */
    @JsonCreator
    GradientBoostingModel(
            @JsonProperty("task") Task task,
            @JsonProperty("featureCount") int featureCount,
            @JsonProperty("outputCount") int outputCount,
            @JsonProperty("rounds") int rounds,
            @JsonProperty("boosterFormat") String boosterFormat,
            @JsonProperty("boosterSha256") String boosterSha256,
            @JsonProperty("booster") byte[] booster) {
        this.task = requireNonNull(task, "task is null");
        this.boosterFormat = requireNonNull(boosterFormat, "boosterFormat is null");
        this.boosterSha256 = requireNonNull(boosterSha256, "boosterSha256 is null");
        this.booster = requireNonNull(booster, "booster is null").clone();
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, was " + featureCount);
        }
        boolean validOutputs = switch (task) {
            case REGRESSION -> outputCount == 1;
            case CLASSIFICATION -> outputCount >= 2;
        };
        if (!validOutputs) {
            throw new IllegalArgumentException("outputCount of a %s model must be %s, was %d"
                    .formatted(task, task == Task.REGRESSION ? "1" : ">= 2", outputCount));
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
        }
        if (!boosterFormat.equals(BOOSTER_FORMAT)) {
            throw new IllegalArgumentException("unsupported boosterFormat: " + boosterFormat);
        }
        if (this.booster.length == 0) {
            throw new IllegalArgumentException("booster is empty");
        }
        String actual = sha256(this.booster);
        if (!actual.equals(boosterSha256)) {
            throw new IllegalArgumentException(
                    "booster bytes are corrupted: their SHA-256 is %s, expected %s".formatted(actual, boosterSha256));
        }
        this.featureCount = featureCount;
        this.outputCount = outputCount;
        this.rounds = rounds;
    }

    /** A freshly trained model over a booster saved in XGBoost's JSON format. */
    static GradientBoostingModel of(Task task, int featureCount, int outputCount, int rounds, byte[] booster) {
        return new GradientBoostingModel(
                task, featureCount, outputCount, rounds, BOOSTER_FORMAT, sha256(booster), booster);
    }

    @JsonProperty("task")
    public Task task() {
        return task;
    }

    @Override
    @JsonProperty("featureCount")
    public int featureCount() {
        return featureCount;
    }

    @Override
    @JsonProperty("outputCount")
    public int outputCount() {
        return outputCount;
    }

    /** The boosting rounds it predicts with. */
    @JsonProperty("rounds")
    public int rounds() {
        return rounds;
    }

    @JsonProperty("boosterFormat")
    public String boosterFormat() {
        return boosterFormat;
    }

    @JsonProperty("boosterSha256")
    public String boosterSha256() {
        return boosterSha256;
    }

    /** A copy of the booster in XGBoost's JSON model format. */
    @JsonProperty("booster")
    public byte[] booster() {
        return booster.clone();
    }

    /**
     * @throws IllegalArgumentException when {@code features} has the wrong length, or the booster bytes, though
     *     matching their digest, are not a booster XGBoost can load for this model
     */
    @Override
    public void predict(double[] features, double[] output) {
        float[] scores = score(features, Booster.PredictionType.kValue);
        switch (task) {
            case REGRESSION -> output[0] = scores[0];
            case CLASSIFICATION -> {
                if (outputCount == 2) {
                    output[1] = scores[0];
                    output[0] = 1 - output[1];
                    return;
                }
                double sum = 0;
                for (int label = 0; label < outputCount; label++) {
                    sum += scores[label];
                }
                for (int label = 0; label < outputCount; label++) {
                    output[label] = scores[label] / sum;
                }
            }
        }
    }

    /** {@code "log_odds"} (XGBoost's margin) for classification, {@code "value"} for regression. */
    @Override
    public String contributionMethod() {
        return "tree_shap";
    }

    @Override
    public String contributionScale() {
        return switch (task) {
            case REGRESSION -> "value";
            case CLASSIFICATION -> "log_odds";
        };
    }

    /**
     * XGBoost's exact TreeSHAP values, the base value being its bias column. A binary model's class 1 gets the
     * contributions to the log-odds of class 1, class 0 their negation.
     *
     * @throws IllegalArgumentException as {@link #predict}
     */
    @Override
    public void contributions(double[] features, double[][] contributions) {
        float[] row = row(features);
        float[] values;
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(row, 1, featureCount, Float.NaN);
            values = nativeBooster().predictContrib(matrix, rounds)[0];
        }
        catch (XGBoostError e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "XGBoost failed to explain: " + e.getMessage(), e);
        }
        finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
        int width = featureCount + 1;
        if (outputCount == 2) {
            for (int index = 0; index < width; index++) {
                contributions[1][index] = values[index];
                contributions[0][index] = -contributions[1][index];
            }
            return;
        }
        for (int output = 0; output < outputCount; output++) {
            for (int index = 0; index < width; index++) {
                contributions[output][index] = values[output * width + index];
            }
        }
    }

    /**
     * The scores on {@link #contributionScale()}: XGBoost's margin per output (a binary model's class 0 gets the
     * negated margin of class 1), or the regression value.
     */
    void margins(double[] features, double[] output) {
        float[] scores = score(features, Booster.PredictionType.kMargin);
        if (task == Task.CLASSIFICATION && outputCount == 2) {
            output[1] = scores[0];
            output[0] = -output[1];
            return;
        }
        for (int index = 0; index < outputCount; index++) {
            output[index] = scores[index];
        }
    }

    private float[] score(double[] features, Booster.PredictionType type) {
        float[] row = row(features);
        try {
            return nativeBooster().inplace_predict(row, 1, featureCount, Float.NaN, new int[] {0, rounds}, type, null)[0];
        }
        catch (XGBoostError e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "XGBoost failed to predict: " + e.getMessage(), e);
        }
    }

    private float[] row(double[] features) {
        if (features.length != featureCount) {
            throw new IllegalArgumentException(
                    "expected %d features, got %d".formatted(featureCount, features.length));
        }
        float[] row = new float[featureCount];
        for (int feature = 0; feature < featureCount; feature++) {
            row[feature] = toFloat(features[feature]);
        }
        return row;
    }

    /** The native booster, loaded on first use; once loaded, never replaced. */
    private Booster nativeBooster() {
        Booster current = loaded;
        if (current == null) {
            synchronized (loading) {
                current = loaded;
                if (current == null) {
                    current = load();
                    loaded = current;
                }
            }
        }
        return current;
    }

    private Booster load() {
        Booster candidate;
        try {
            candidate = XGBoost.loadModel(booster);
        }
        catch (XGBoostError | IOException e) {
            throw new IllegalArgumentException("booster cannot be loaded: " + firstLine(e.getMessage()), e);
        }
        try {
            candidate.setParam("nthread", 1);
            long nativeFeatures = candidate.getNumFeature();
            int nativeRounds = candidate.getNumBoostedRound();
            if (nativeFeatures != featureCount || nativeRounds < rounds) {
                throw new IllegalArgumentException(
                        "booster has %d features and %d rounds; the model needs %d features and %d rounds"
                                .formatted(nativeFeatures, nativeRounds, featureCount, rounds));
            }
            // A binary booster has one output, the probability of class 1.
            int expectedOutputs = outputCount == 2 ? 1 : outputCount;
            int nativeOutputs = candidate.inplace_predict(new float[featureCount], 1, featureCount, Float.NaN)[0].length;
            if (nativeOutputs != expectedOutputs) {
                throw new IllegalArgumentException(
                        "booster has %d outputs; the model needs %d".formatted(nativeOutputs, expectedOutputs));
            }
        }
        catch (XGBoostError | RuntimeException e) {
            candidate.dispose();
            if (e instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("booster cannot be loaded: " + firstLine(e.getMessage()), e);
        }
        CLEANER.register(this, new Disposal(candidate));
        return candidate;
    }

    /** Rounds to float as XGBoost computes, saturating instead of overflowing to infinity. */
    static float toFloat(double value) {
        return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, value));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Frees the native booster; holds no reference to the model, so the model can become unreachable. */
    private record Disposal(Booster booster) implements Runnable {
        @Override
        public void run() {
            booster.dispose();
        }
    }
}
