package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.FittedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * {@code gradient_boosting}: gradient-boosted decision trees trained by XGBoost (XGBoost4J, native code) with the
 * {@code hist} tree method. Classification with two classes uses {@code binary:logistic}, with more
 * {@code multi:softprob}; regression uses {@code reg:squarederror}. It trains one boosting round at a time, reporting
 * the training loss (and the validation loss when early stopping holds rows out) after each round and checking for
 * cancellation before each. Randomness ({@code subsample}, {@code colsample_bytree}, the validation split) comes from
 * the context's seed, so a fit replays exactly on the same machine.
 *
 * <p>Parameters, with the defaults of the xgboost package's scikit-learn wrapper:
 * <ul>
 *   <li>{@code trees} (1 to 100,000, default 100): boosting rounds ({@code n_estimators}); a multiclass round grows
 *       one tree per class.
 *   <li>{@code learning_rate} (&gt; 0 and ≤ 1, default 0.3): shrinkage of each tree ({@code eta}).
 *   <li>{@code max_depth} (1 to 30, default 6): depth limit of each tree.
 *   <li>{@code min_child_weight} (≥ 0, default 1): least hessian sum in a leaf.
 *   <li>{@code subsample} (&gt; 0 and ≤ 1, default 1): share of rows each tree samples.
 *   <li>{@code colsample_bytree} (&gt; 0 and ≤ 1, default 1): share of features each tree samples.
 *   <li>{@code l2} (≥ 0, default 1): L2 penalty on leaf weights ({@code reg_lambda}).
 *   <li>{@code l1} (≥ 0, default 0): L1 penalty on leaf weights ({@code reg_alpha}).
 *   <li>{@code gamma} (≥ 0, default 0): least loss reduction for a split ({@code min_split_loss}).
 *   <li>{@code max_bin} (2 to 65,536, default 256): histogram bins per feature.
 *   <li>{@code early_stopping_rounds} (≥ 0, default 0 = off): when positive, hold out {@code validation_fraction} of
 *       the rows (chosen with the context's seed, not stratified), and stop once the validation loss has not improved
 *       for this many rounds; the model then predicts with the rounds up to the best one.
 *   <li>{@code validation_fraction} (&gt; 0 and &lt; 1, default 0.1): share of rows held out for early stopping;
 *       ignored while early stopping is off.
 * </ul>
 *
 * <p>XGBoost runs on {@link Runtime#availableProcessors()} threads and computes in 32-bit floats: feature values and
 * regression targets are rounded to {@code float}, saturating at ±{@link Float#MAX_VALUE}. The losses reported are
 * XGBoost's {@code logloss}, {@code mlogloss} and {@code rmse}.
 */
public final class GradientBoosting implements Algorithm {
    public static final String NAME = "gradient_boosting";

    /** Without early stopping, the training loss is evaluated every this many rounds (and at the last). */
    static final int UNVALIDATED_EVALUATION_INTERVAL = 10;

    private static final int DEFAULT_TREES = 100;
    private static final int MOST_TREES = 100_000;
    private static final double DEFAULT_LEARNING_RATE = 0.3;
    private static final int DEFAULT_MAX_DEPTH = 6;
    private static final int DEEPEST = 30;
    private static final double DEFAULT_MIN_CHILD_WEIGHT = 1;
    private static final double DEFAULT_L2 = 1;
    private static final int DEFAULT_MAX_BIN = 256;
    private static final int MOST_BINS = 65_536;
    private static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** XGBoost4J copies a dense matrix from one Java array, which holds fewer than 2³¹ values. */
    private static final int MOST_MATRIX_VALUES = Integer.MAX_VALUE - 8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION, Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings.read(reader);
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        ParameterReader reader = new ParameterReader(NAME, parameters);
        Settings settings = Settings.read(reader);
        reader.finish();
        if (data.featureCount() == 0) {
            throw MarqueeException.invalid("%s needs at least one feature", NAME);
        }
        Objective objective = Objective.of(data);
        Split split = Split.of(data, settings, context.seed());
        context.checkCancelled();

        List<DMatrix> matrices = new ArrayList<>();
        Booster booster = null;
        try {
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            DMatrix training = matrix(data, split.training());
            matrices.add(training);
            watches.put("train", training);
            if (split.validation().length > 0) {
                DMatrix validation = matrix(data, split.validation());
                matrices.add(validation);
                watches.put("validation", validation);
            }
            // Zero rounds only creates the booster, with the watched matrices cached for evaluation.
            booster = XGBoost.train(training, xgboostParameters(settings, objective, context.seed()), 0, watches,
                    null, null);
            int rounds = boost(booster, watches, settings, objective, context);
            return GradientBoostingModel.of(
                    data.task(), data.featureCount(), objective.outputCount(), rounds, booster.toByteArray("json"));
        }
        catch (XGBoostError e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "XGBoost failed to train: " + e.getMessage(), e);
        }
        finally {
            if (booster != null) {
                booster.dispose();
            }
            matrices.forEach(DMatrix::dispose);
        }
    }

    @Override
    public Class<GradientBoostingModel> modelType() {
        return GradientBoostingModel.class;
    }

    /** Runs the boosting rounds; returns how many the model should predict with. */
    private static int boost(
            Booster booster,
            Map<String, DMatrix> watches,
            Settings settings,
            Objective objective,
            TrainingContext context)
            throws XGBoostError {
        DMatrix training = watches.get("train");
        DMatrix[] evaluated = watches.values().toArray(DMatrix[]::new);
        String[] names = watches.keySet().toArray(String[]::new);
        boolean validating = evaluated.length > 1;
        float[] losses = new float[evaluated.length];
        int best = 0;
        float bestLoss = Float.POSITIVE_INFINITY;
        for (int round = 0; round < settings.trees(); round++) {
            context.checkCancelled();
            booster.update(training, round);
            // Evaluating the training loss costs a pass over every row: without early stopping it is only
            // sampled for the progress message and the curve.
            if (!validating && round % UNVALIDATED_EVALUATION_INTERVAL != 0 && round != settings.trees() - 1) {
                context.progress().progress(
                        (double) (round + 1) / settings.trees(), "round %d/%d".formatted(round + 1, settings.trees()));
                continue;
            }
            booster.evalSet(evaluated, names, round, losses);
            StringBuilder message = new StringBuilder("round %d/%d train-%s %.6f"
                    .formatted(round + 1, settings.trees(), objective.metric(), losses[0]));
            if (validating) {
                message.append(" validation-%s %.6f".formatted(objective.metric(), losses[1]));
            }
            context.progress().progress((double) (round + 1) / settings.trees(), message.toString());
            context.progress().curve(round + 1, validating
                    ? Map.of("train_" + objective.metric(), (double) losses[0],
                            "validation_" + objective.metric(), (double) losses[1])
                    : Map.of("train_" + objective.metric(), (double) losses[0]));
            if (!validating) {
                continue;
            }
            if (losses[1] < bestLoss) {
                bestLoss = losses[1];
                best = round;
            }
            else if (round - best >= settings.earlyStoppingRounds()) {
                context.progress().progress(1, "stopped early after round %d; best round %d validation-%s %.6f"
                        .formatted(round + 1, best + 1, objective.metric(), bestLoss));
                return best + 1;
            }
        }
        return validating ? best + 1 : settings.trees();
    }

    private static Map<String, Object> xgboostParameters(Settings settings, Objective objective, long seed) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("booster", "gbtree");
        parameters.put("tree_method", "hist");
        parameters.put("objective", objective.name());
        parameters.put("eval_metric", objective.metric());
        if (objective.outputCount() > 2) {
            parameters.put("num_class", objective.outputCount());
        }
        parameters.put("eta", settings.learningRate());
        parameters.put("max_depth", settings.maxDepth());
        parameters.put("min_child_weight", settings.minChildWeight());
        parameters.put("subsample", settings.subsample());
        parameters.put("colsample_bytree", settings.columnSample());
        parameters.put("lambda", settings.l2());
        parameters.put("alpha", settings.l1());
        parameters.put("gamma", settings.gamma());
        parameters.put("max_bin", settings.maxBin());
        parameters.put("seed", seed);
        parameters.put("nthread", Runtime.getRuntime().availableProcessors());
        parameters.put("verbosity", 1);
        return parameters;
    }

    /** A dense matrix of the given rows, labelled with their targets. */
    private static DMatrix matrix(TrainingData data, int[] rows) throws XGBoostError {
        int featureCount = data.featureCount();
        if ((long) rows.length * featureCount > MOST_MATRIX_VALUES) {
            throw MarqueeException.invalid(
                    "%s fits at most %d feature values (rows × features), got %d × %d",
                    NAME, MOST_MATRIX_VALUES, rows.length, featureCount);
        }
        float[] values = new float[rows.length * featureCount];
        float[] labels = new float[rows.length];
        for (int index = 0; index < rows.length; index++) {
            double[] features = data.features()[rows[index]];
            for (int feature = 0; feature < featureCount; feature++) {
                values[index * featureCount + feature] = GradientBoostingModel.toFloat(features[feature]);
            }
            labels[index] = GradientBoostingModel.toFloat(data.targets()[rows[index]]);
        }
        DMatrix matrix = new DMatrix(values, rows.length, featureCount, Float.NaN);
        try {
            matrix.setLabel(labels);
        }
        catch (XGBoostError | RuntimeException e) {
            matrix.dispose();
            throw e;
        }
        return matrix;
    }

    private record Objective(String name, String metric, int outputCount) {
        static Objective of(TrainingData data) {
            return switch (data.task()) {
                case REGRESSION -> {
                    for (int row = 0; row < data.rowCount(); row++) {
                        if (!Double.isFinite(data.targets()[row])) {
                            throw MarqueeException.invalid(
                                    "%s needs finite targets; row %d has %s", NAME, row, data.targets()[row]);
                        }
                    }
                    yield new Objective("reg:squarederror", "rmse", 1);
                }
                case CLASSIFICATION -> data.classCount() == 2
                        ? new Objective("binary:logistic", "logloss", 2)
                        : new Objective("multi:softprob", "mlogloss", data.classCount());
            };
        }
    }

    /** Which rows train and which validate; no validation rows while early stopping is off. */
    private record Split(int[] training, int[] validation) {
        static Split of(TrainingData data, Settings settings, long seed) {
            int rows = data.rowCount();
            if (settings.earlyStoppingRounds() == 0) {
                int[] all = new int[rows];
                for (int row = 0; row < rows; row++) {
                    all[row] = row;
                }
                return new Split(all, new int[0]);
            }
            int validationRows = (int) Math.round(settings.validationFraction() * rows);
            if (validationRows < 1 || validationRows >= rows) {
                throw MarqueeException.invalid(
                        "parameter 'validation_fraction' of %s must leave at least one row for validation and one "
                                + "for training; %s of %d rows holds out %d",
                        NAME,
                        settings.validationFraction(),
                        rows,
                        validationRows);
            }
            int[] order = new int[rows];
            for (int row = 0; row < rows; row++) {
                order[row] = row;
            }
            Random random = new Random(seed);
            for (int index = rows - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                int swapped = order[index];
                order[index] = order[other];
                order[other] = swapped;
            }
            int[] validation = Arrays.copyOfRange(order, 0, validationRows);
            int[] training = Arrays.copyOfRange(order, validationRows, rows);
            // Sorted, so the training matrix keeps the data's row order apart from the held-out rows.
            Arrays.sort(validation);
            Arrays.sort(training);
            return new Split(training, validation);
        }
    }

    private record Settings(
            int trees,
            double learningRate,
            int maxDepth,
            double minChildWeight,
            double subsample,
            double columnSample,
            double l2,
            double l1,
            double gamma,
            int maxBin,
            int earlyStoppingRounds,
            double validationFraction) {
        static Settings read(ParameterReader reader) {
            return new Settings(
                    reader.integer(
                            "trees",
                            DEFAULT_TREES,
                            value -> value >= 1 && value <= MOST_TREES,
                            "be between 1 and " + MOST_TREES),
                    reader.real(
                            "learning_rate",
                            DEFAULT_LEARNING_RATE,
                            value -> value > 0 && value <= 1,
                            "be > 0 and <= 1"),
                    reader.integer(
                            "max_depth",
                            DEFAULT_MAX_DEPTH,
                            value -> value >= 1 && value <= DEEPEST,
                            "be between 1 and " + DEEPEST),
                    reader.real("min_child_weight", DEFAULT_MIN_CHILD_WEIGHT, value -> value >= 0, "be >= 0"),
                    reader.real("subsample", 1, value -> value > 0 && value <= 1, "be > 0 and <= 1"),
                    reader.real("colsample_bytree", 1, value -> value > 0 && value <= 1, "be > 0 and <= 1"),
                    reader.real("l2", DEFAULT_L2, value -> value >= 0, "be >= 0"),
                    reader.real("l1", 0, value -> value >= 0, "be >= 0"),
                    reader.real("gamma", 0, value -> value >= 0, "be >= 0"),
                    reader.integer(
                            "max_bin",
                            DEFAULT_MAX_BIN,
                            value -> value >= 2 && value <= MOST_BINS,
                            "be between 2 and " + MOST_BINS),
                    reader.integer("early_stopping_rounds", 0, value -> value >= 0, "be >= 0"),
                    reader.real(
                            "validation_fraction",
                            DEFAULT_VALIDATION_FRACTION,
                            value -> value > 0 && value < 1,
                            "be > 0 and < 1"));
        }
    }
}
