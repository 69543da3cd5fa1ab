package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The hyper-parameters of {@link Mlp}, read from text. {@link ParameterReader} reads the numbers; the choices, flags
 * and the layer list are read here, with the same kind of message naming the parameter.
 *
 * @param hiddenLayers the width of each hidden layer, input side first; at least one
 * @param learningRate the initial step size
 * @param powerT the exponent of {@link Schedule#INVSCALING}
 * @param batchSize rows per mini-batch before clipping to the row count; ignored by {@link Solver#GD}
 * @param l2 scikit-learn's {@code alpha}: the loss includes {@code l2 / (2 · batch rows) · ‖W‖²}
 */
record MlpSettings(
        List<Integer> hiddenLayers,
        MlpActivation activation,
        Solver solver,
        double learningRate,
        Schedule learningRateSchedule,
        double powerT,
        double momentum,
        boolean nesterov,
        int batchSize,
        double l2,
        int maxEpochs,
        double tolerance,
        int epochsWithoutImprovement,
        boolean earlyStopping,
        double validationFraction) {
    static final String HIDDEN_LAYERS = "hidden_layers";
    static final String ACTIVATION = "activation";
    static final String SOLVER = "solver";
    static final String LEARNING_RATE_SCHEDULE = "learning_rate_schedule";
    static final String NESTEROV = "nesterov";
    static final String EARLY_STOPPING = "early_stopping";
    static final int MOST_UNITS = 100_000;
    static final int MOST_HIDDEN_LAYERS = 100;
    static final int MOST_EPOCHS = 100_000;
    static final int MOST_BATCH_SIZE = 1_000_000;

    private static final Set<String> TEXT_PARAMETERS =
            Set.of(HIDDEN_LAYERS, ACTIVATION, SOLVER, LEARNING_RATE_SCHEDULE, NESTEROV, EARLY_STOPPING);
    private static final Set<String> NUMERIC_PARAMETERS = Set.of(
            "learning_rate",
            "power_t",
            "momentum",
            "batch_size",
            "l2",
            "max_epochs",
            "tolerance",
            "epochs_without_improvement",
            "validation_fraction");

    /** How the weights are updated from the gradient of a batch. */
    enum Solver {
        /** Adam (Kingma and Ba) with β₁ 0.9, β₂ 0.999 and ε 1e-8, as scikit-learn. */
        ADAM,
        /** Mini-batch stochastic gradient descent with (Nesterov) momentum. */
        SGD,
        /** Gradient descent on the whole training set at once: {@link #SGD} with one batch per epoch. */
        GD
    }

    /** How the step size of {@link Solver#SGD} and {@link Solver#GD} changes over the epochs. */
    enum Schedule {
        CONSTANT,
        /** {@code learning_rate / (t + 1)^power_t} after {@code t} training rows seen. */
        INVSCALING,
        /** Divided by 5 each time the epochs without improvement run out, until it is below 1e-6. */
        ADAPTIVE
    }

    MlpSettings {
        hiddenLayers = List.copyOf(hiddenLayers);
        requireNonNull(activation, "activation is null");
        requireNonNull(solver, "solver is null");
        requireNonNull(learningRateSchedule, "learningRateSchedule is null");
        if (hiddenLayers.isEmpty()) {
            throw new IllegalArgumentException("hiddenLayers is empty");
        }
    }

    /**
     * Reads every parameter, defaults filled in.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming an unknown parameter or a bad value
     */
    static MlpSettings read(Map<String, String> given) {
        Set<String> known = new TreeSet<>(TEXT_PARAMETERS);
        known.addAll(NUMERIC_PARAMETERS);
        for (String name : new TreeSet<>(given.keySet())) {
            if (!known.contains(name)) {
                throw MarqueeException.invalid(
                        "unknown parameter '%s' for %s; known parameters are %s", name, Mlp.NAME, known);
            }
        }
        Map<String, String> numeric = new HashMap<>(given);
        numeric.keySet().removeAll(TEXT_PARAMETERS);
        ParameterReader reader = new ParameterReader(Mlp.NAME, numeric);

        List<Integer> hiddenLayers = hiddenLayers(given.getOrDefault(HIDDEN_LAYERS, "100"));
        MlpActivation activation = choice(given, ACTIVATION, MlpActivation.RELU, MlpActivation.values());
        Solver solver = choice(given, SOLVER, Solver.ADAM, Solver.values());
        double learningRate = reader.real("learning_rate", 0.001, value -> value > 0, "be > 0");
        Schedule schedule = choice(given, LEARNING_RATE_SCHEDULE, Schedule.CONSTANT, Schedule.values());
        if (solver == Solver.ADAM && schedule != Schedule.CONSTANT) {
            // scikit-learn silently ignores the schedule for adam; saying so is kinder.
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must be constant for solver adam, which adapts its own step sizes, was %s",
                    LEARNING_RATE_SCHEDULE,
                    Mlp.NAME,
                    text(schedule));
        }
        double powerT = reader.real("power_t", 0.5, value -> value >= 0, "be >= 0");
        double momentum = reader.real("momentum", 0.9, value -> value >= 0 && value <= 1, "be between 0 and 1");
        boolean nesterov = flag(given, NESTEROV, true);
        int batchSize = reader.integer(
                "batch_size",
                200,
                value -> value >= 1 && value <= MOST_BATCH_SIZE,
                "be between 1 and " + MOST_BATCH_SIZE);
        double l2 = reader.real("l2", 1e-4, value -> value >= 0, "be >= 0");
        int maxEpochs = reader.integer(
                "max_epochs", 200, value -> value >= 1 && value <= MOST_EPOCHS, "be between 1 and " + MOST_EPOCHS);
        double tolerance = reader.real("tolerance", 1e-4, value -> value >= 0, "be >= 0");
        int epochsWithoutImprovement = reader.integer(
                "epochs_without_improvement",
                10,
                value -> value >= 1 && value <= MOST_EPOCHS,
                "be between 1 and " + MOST_EPOCHS);
        boolean earlyStopping = flag(given, EARLY_STOPPING, false);
        double validationFraction = reader.real(
                "validation_fraction", 0.1, value -> value > 0 && value < 1, "be greater than 0 and less than 1");
        reader.finish();
        return new MlpSettings(
                hiddenLayers,
                activation,
                solver,
                learningRate,
                schedule,
                powerT,
                momentum,
                nesterov,
                batchSize,
                l2,
                maxEpochs,
                tolerance,
                epochsWithoutImprovement,
                earlyStopping,
                validationFraction);
    }

    /** Every parameter in the form {@link #read} accepts, as recorded in the model manifest. */
    Map<String, String> resolved() {
        return Map.ofEntries(
                Map.entry(HIDDEN_LAYERS, hiddenLayers.stream().map(String::valueOf).collect(Collectors.joining(","))),
                Map.entry(ACTIVATION, activation.parameterValue()),
                Map.entry(SOLVER, text(solver)),
                Map.entry("learning_rate", Double.toString(learningRate)),
                Map.entry(LEARNING_RATE_SCHEDULE, text(learningRateSchedule)),
                Map.entry("power_t", Double.toString(powerT)),
                Map.entry("momentum", Double.toString(momentum)),
                Map.entry(NESTEROV, Boolean.toString(nesterov)),
                Map.entry("batch_size", Integer.toString(batchSize)),
                Map.entry("l2", Double.toString(l2)),
                Map.entry("max_epochs", Integer.toString(maxEpochs)),
                Map.entry("tolerance", Double.toString(tolerance)),
                Map.entry("epochs_without_improvement", Integer.toString(epochsWithoutImprovement)),
                Map.entry(EARLY_STOPPING, Boolean.toString(earlyStopping)),
                Map.entry("validation_fraction", Double.toString(validationFraction)));
    }

    /** The rows per batch for {@code rows} training rows. */
    int batchRows(int rows) {
        return solver == Solver.GD ? rows : Math.min(batchSize, rows);
    }

    private static List<Integer> hiddenLayers(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > MOST_HIDDEN_LAYERS) {
            throw MarqueeException.invalid(
                    "parameter '%s' of %s has %d layers, at most %d are allowed",
                    HIDDEN_LAYERS,
                    Mlp.NAME,
                    parts.length,
                    MOST_HIDDEN_LAYERS);
        }
        List<Integer> widths = new ArrayList<>();
        for (String part : parts) {
            int width;
            try {
                width = Integer.parseInt(part.strip());
            }
            catch (NumberFormatException e) {
                throw MarqueeException.invalid(
                        "parameter '%s' of %s must list layer widths separated by commas, such as '100' or '64,32',"
                                + " was '%s'",
                        HIDDEN_LAYERS,
                        Mlp.NAME,
                        text);
            }
            if (width < 1 || width > MOST_UNITS) {
                throw MarqueeException.invalid(
                        "parameter '%s' of %s must have layer widths between 1 and %d, was %d in '%s'",
                        HIDDEN_LAYERS,
                        Mlp.NAME,
                        MOST_UNITS,
                        width,
                        text);
            }
            widths.add(width);
        }
        return widths;
    }

    private static <E extends Enum<E>> E choice(Map<String, String> given, String name, E defaultValue, E[] values) {
        String value = given.get(name);
        if (value == null) {
            return defaultValue;
        }
        for (E candidate : values) {
            if (text(candidate).equals(value.strip())) {
                return candidate;
            }
        }
        throw MarqueeException.invalid(
                "parameter '%s' of %s must be one of %s, was '%s'",
                name,
                Mlp.NAME,
                Arrays.stream(values).map(MlpSettings::text).toList(),
                value);
    }

    private static boolean flag(Map<String, String> given, String name, boolean defaultValue) {
        String value = given.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw MarqueeException.invalid(
                    "parameter '%s' of %s must be true or false, was '%s'", name, Mlp.NAME, value);
        };
    }

    private static String text(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
