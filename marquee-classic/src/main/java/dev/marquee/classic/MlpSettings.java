package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hyper-parameters of {@link Mlp}, read from text by a {@link ParameterReader}.
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
     * Declares every parameter on {@code reader}, which then resolves them in the form this accepts, as recorded in
     * the model manifest.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming a bad value
     */
    static MlpSettings read(ParameterReader reader) {
        List<Integer> hiddenLayers = reader.parsed(
                HIDDEN_LAYERS,
                List.of(100),
                MlpSettings::hiddenLayers,
                widths -> widths.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "list layer widths separated by commas, such as '100' or '64,32'");
        MlpActivation activation = reader.choice(ACTIVATION, MlpActivation.RELU);
        Solver solver = reader.choice(SOLVER, Solver.ADAM);
        double learningRate = reader.real("learning_rate", 0.001, value -> value > 0, "be > 0");
        Schedule schedule = reader.choice(LEARNING_RATE_SCHEDULE, Schedule.CONSTANT);
        if (solver == Solver.ADAM && schedule != Schedule.CONSTANT) {
            // scikit-learn silently ignores the schedule for adam; saying so is kinder.
            throw MarqueeException.invalid(
                    "parameter '%s' of %s must be constant for solver adam, which adapts its own step sizes, was %s",
                    LEARNING_RATE_SCHEDULE,
                    Mlp.NAME,
                    schedule.name().toLowerCase(Locale.ROOT));
        }
        double powerT = reader.real("power_t", 0.5, value -> value >= 0, "be >= 0");
        double momentum = reader.real("momentum", 0.9, value -> value >= 0 && value <= 1, "be between 0 and 1");
        boolean nesterov = reader.flag(NESTEROV, true);
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
        boolean earlyStopping = reader.flag(EARLY_STOPPING, false);
        double validationFraction = reader.real(
                "validation_fraction", 0.1, value -> value > 0 && value < 1, "be greater than 0 and less than 1");
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

    /** The rows per batch for {@code rows} training rows. */
    int batchRows(int rows) {
        return solver == Solver.GD ? rows : Math.min(batchSize, rows);
    }

    /** The widths in {@code text}; throws rather than returning empty, to say which rule a bad list breaks. */
    private static Optional<List<Integer>> hiddenLayers(String text) {
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
        return Optional.of(widths);
    }
}
