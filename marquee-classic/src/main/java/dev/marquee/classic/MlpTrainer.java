package dev.marquee.classic;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training run of an {@link Mlp}: mini-batch back-propagation over flat row-major buffers. All parameters live in
 * one vector, layer after layer, each layer's {@code in × out} weights followed by its {@code out} biases, so that the
 * optimisers see a single vector. A batch is processed in chunks of at most {@value #CHUNK_ROWS} rows whose gradients
 * add up, which bounds the buffers even for full-batch gradient descent on many rows. Not thread-safe.
 */
final class MlpTrainer {
    private static final int CHUNK_ROWS = 256;
    private static final int CHUNKS_PER_CANCELLATION_CHECK = 16;
    // scikit-learn clips probabilities to [ε, 1 - ε] with the machine epsilon before taking logarithms.
    private static final double PROBABILITY_CLIP = Math.ulp(1.0);

    private final TrainingData data;
    private final MlpSettings settings;
    private final TrainingContext context;
    private final MlpModel.Output output;
    private final int[] sizes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final double[] parameters;
    private final double[] gradients;
    /** Per layer, the activations of a chunk: {@code activations[0]} holds the input rows. */
    private final double[][] activations;
    /** Per layer above the input, the gradient of the loss with respect to its pre-activations. */
    private final double[][] deltas;
    private int chunksSinceCancellationCheck;

    private MlpTrainer(TrainingData data, MlpSettings settings, TrainingContext context) {
        this.data = data;
        this.settings = settings;
        this.context = context;
        this.output = switch (data.task()) {
            case REGRESSION -> MlpModel.Output.IDENTITY;
            case CLASSIFICATION -> data.classCount() == 2 ? MlpModel.Output.LOGISTIC : MlpModel.Output.SOFTMAX;
        };
        List<Integer> hidden = settings.hiddenLayers();
        sizes = new int[hidden.size() + 2];
        sizes[0] = data.featureCount();
        for (int layer = 0; layer < hidden.size(); layer++) {
            sizes[layer + 1] = hidden.get(layer);
        }
        sizes[sizes.length - 1] = output == MlpModel.Output.SOFTMAX ? data.classCount() : 1;
        int layers = sizes.length - 1;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        long count = 0;
        for (int layer = 0; layer < layers; layer++) {
            weightOffsets[layer] = (int) count;
            count += (long) sizes[layer] * sizes[layer + 1];
            biasOffsets[layer] = (int) count;
            count += sizes[layer + 1];
            if (count > Integer.MAX_VALUE - 8) {
                throw MarqueeException.invalid(
                        "parameter '%s' of %s gives more than %d weights",
                        MlpSettings.HIDDEN_LAYERS,
                        Mlp.NAME,
                        Integer.MAX_VALUE - 8);
            }
        }
        parameters = new double[(int) count];
        gradients = new double[(int) count];
        activations = new double[sizes.length][];
        deltas = new double[sizes.length][];
        for (int layer = 0; layer < sizes.length; layer++) {
            activations[layer] = new double[CHUNK_ROWS * sizes[layer]];
            deltas[layer] = layer == 0 ? new double[0] : new double[CHUNK_ROWS * sizes[layer]];
        }
    }

    /**
     * Trains a network on {@code data}.
     *
     * @throws java.util.concurrent.CancellationException when the context says training was cancelled
     * @throws MarqueeException INVALID_ARGUMENT when the validation split leaves no rows on a side or training diverges
     */
    static MlpModel train(TrainingData data, MlpSettings settings, TrainingContext context) {
        return new MlpTrainer(data, settings, context).run();
    }

    /**
     * Which rows early stopping holds out: per class for classification (stratified), else among all rows, the
     * rounded {@code fraction} of them, chosen at random. The trainer draws it first from a generator seeded with the
     * training seed, so a caller can reproduce it.
     */
    static boolean[] validationMask(TrainingData data, double fraction, SplittableRandom random) {
        List<List<Integer>> groups = new ArrayList<>();
        switch (data.task()) {
            case REGRESSION -> groups.add(new ArrayList<>());
            case CLASSIFICATION -> {
                for (int label = 0; label < data.classCount(); label++) {
                    groups.add(new ArrayList<>());
                }
            }
        }
        for (int row = 0; row < data.rowCount(); row++) {
            groups.get(data.task() == Task.REGRESSION ? 0 : (int) data.targets()[row]).add(row);
        }
        boolean[] mask = new boolean[data.rowCount()];
        for (List<Integer> group : groups) {
            int[] rows = group.stream().mapToInt(Integer::intValue).toArray();
            shuffle(rows, rows.length, random);
            long held = Math.round(fraction * rows.length);
            for (int index = 0; index < held; index++) {
                mask[rows[index]] = true;
            }
        }
        return mask;
    }

    /**
     * The loss and its gradient on all rows of {@code data} at the given parameters, laid out as this class keeps
     * them; for checking the back-propagation against finite differences.
     *
     * @param gradients receives the gradient, as long as {@code parameters}
     */
    static double lossAndGradients(TrainingData data, MlpSettings settings, double[] parameters, double[] gradients) {
        TrainingContext quiet = new TrainingContext(0, (fraction, message) -> {}, () -> false);
        MlpTrainer trainer = new MlpTrainer(data, settings, quiet);
        System.arraycopy(parameters, 0, trainer.parameters, 0, trainer.parameters.length);
        int[] rows = rowsWhere(new boolean[data.rowCount()], false);
        double loss = trainer.lossAndGradients(rows, 0, rows.length);
        System.arraycopy(trainer.gradients, 0, gradients, 0, trainer.gradients.length);
        return loss;
    }

    private MlpModel run() {
        SplittableRandom random = new SplittableRandom(context.seed());
        int[] trainingRows;
        int[] validationRows;
        if (settings.earlyStopping()) {
            boolean[] mask = validationMask(data, settings.validationFraction(), random);
            trainingRows = rowsWhere(mask, false);
            validationRows = rowsWhere(mask, true);
            if (trainingRows.length == 0 || validationRows.length == 0) {
                throw MarqueeException.invalid(
                        "parameter 'validation_fraction' of %s leaves %d training and %d validation rows of %d;"
                                + " both need at least one",
                        Mlp.NAME,
                        trainingRows.length,
                        validationRows.length,
                        data.rowCount());
            }
        }
        else {
            trainingRows = rowsWhere(new boolean[data.rowCount()], false);
            validationRows = new int[0];
        }
        initialise(random);
        MlpOptimiser optimiser = MlpOptimiser.create(settings, parameters.length);
        int batchRows = settings.batchRows(trainingRows.length);
        String scoreName = data.task() == Task.CLASSIFICATION ? "validation_accuracy" : "validation_r2";

        List<Double> lossCurve = new ArrayList<>();
        List<Double> validationScores = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] bestParameters = null;
        int epochsWithoutImprovement = 0;
        long rowsSeen = 0;
        String outcome = "reached max_epochs";
        for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
            context.checkCancelled();
            shuffle(trainingRows, trainingRows.length, random);
            double weightedLoss = 0;
            for (int start = 0; start < trainingRows.length; start += batchRows) {
                int end = Math.min(start + batchRows, trainingRows.length);
                weightedLoss += trainBatch(trainingRows, start, end, optimiser) * (end - start);
            }
            double loss = weightedLoss / trainingRows.length;
            if (!Double.isFinite(loss)) {
                throw MarqueeException.invalid(
                        "%s diverged in epoch %d (training loss %s); lower parameter 'learning_rate', was %s",
                        Mlp.NAME,
                        epoch,
                        loss,
                        settings.learningRate());
            }
            rowsSeen += trainingRows.length;
            optimiser.epochEnded(rowsSeen);
            lossCurve.add(loss);
            String message = "epoch %d/%d loss %.4f".formatted(epoch, settings.maxEpochs(), loss);

            // The stopping rule is scikit-learn's _update_no_improvement_count.
            if (settings.earlyStopping()) {
                double score = score(validationRows);
                validationScores.add(score);
                message += " %s %.4f".formatted(scoreName, score);
                epochsWithoutImprovement = score < bestScore + settings.tolerance() ? epochsWithoutImprovement + 1 : 0;
                if (score > bestScore) {
                    bestScore = score;
                    bestParameters = parameters.clone();
                }
            }
            else {
                epochsWithoutImprovement = loss > bestLoss - settings.tolerance() ? epochsWithoutImprovement + 1 : 0;
                bestLoss = Math.min(bestLoss, loss);
            }
            context.progress().progress((double) epoch / settings.maxEpochs(), message);
            context.progress().curve(epoch, settings.earlyStopping()
                    ? Map.of("loss", loss, scoreName, validationScores.getLast())
                    : Map.of("loss", loss));
            if (epochsWithoutImprovement > settings.epochsWithoutImprovement()) {
                if (!optimiser.continueAfterStall()) {
                    outcome = "no improvement over %.4g in %d epochs".formatted(
                            settings.tolerance(), settings.epochsWithoutImprovement() + 1);
                    break;
                }
                epochsWithoutImprovement = 0;
            }
        }
        if (bestParameters != null) {
            System.arraycopy(bestParameters, 0, parameters, 0, parameters.length);
            outcome += "; kept the weights of the best %s %.4f".formatted(scoreName, bestScore);
        }
        context.progress().progress(1, "stopped after %d epochs: %s".formatted(lossCurve.size(), outcome));
        return model(lossCurve, validationScores);
    }

    /** Glorot-uniform weights and biases, with scikit-learn's bound: {@code √(factor / (in + out))}. */
    private void initialise(SplittableRandom random) {
        double factor = settings.activation() == MlpActivation.LOGISTIC ? 2 : 6;
        for (int layer = 0; layer < sizes.length - 1; layer++) {
            double bound = Math.sqrt(factor / (sizes[layer] + sizes[layer + 1]));
            int end = biasOffsets[layer] + sizes[layer + 1];
            for (int index = weightOffsets[layer]; index < end; index++) {
                parameters[index] = random.nextDouble(-bound, bound);
            }
        }
    }

    /** One optimiser step on {@code rows[start, end)}; returns the batch loss (mean loss plus the L2 penalty). */
    private double trainBatch(int[] rows, int start, int end, MlpOptimiser optimiser) {
        double loss = lossAndGradients(rows, start, end);
        optimiser.update(parameters, gradients);
        return loss;
    }

    /**
     * Sets {@link #gradients} to the gradient of the batch loss on {@code rows[start, end)} and returns that loss: the
     * mean loss plus {@code l2 / (2 · batch rows) · ‖W‖²}.
     */
    private double lossAndGradients(int[] rows, int start, int end) {
        Arrays.fill(gradients, 0);
        double lossSum = 0;
        int last = sizes.length - 1;
        for (int chunkStart = start; chunkStart < end; chunkStart += CHUNK_ROWS) {
            checkCancelledOccasionally();
            int count = Math.min(CHUNK_ROWS, end - chunkStart);
            forward(rows, chunkStart, count);
            lossSum += outputDeltas(rows, chunkStart, count);
            for (int layer = last - 1; layer >= 0; layer--) {
                int in = sizes[layer];
                int out = sizes[layer + 1];
                DenseMatrices.addMultiplyTransposedLeft(
                        activations[layer], deltas[layer + 1], gradients, weightOffsets[layer], count, in, out);
                double[] delta = deltas[layer + 1];
                int biasOffset = biasOffsets[layer];
                for (int row = 0; row < count; row++) {
                    for (int unit = 0; unit < out; unit++) {
                        gradients[biasOffset + unit] += delta[row * out + unit];
                    }
                }
                if (layer > 0) {
                    DenseMatrices.multiplyTransposedRight(
                            delta, parameters, weightOffsets[layer], deltas[layer], count, out, in);
                    settings.activation().multiplyByDerivative(activations[layer], deltas[layer], count * in);
                }
            }
        }
        int batch = end - start;
        double squaredWeights = 0;
        for (int layer = 0; layer < last; layer++) {
            for (int index = weightOffsets[layer]; index < biasOffsets[layer]; index++) {
                double weight = parameters[index];
                squaredWeights += weight * weight;
                gradients[index] = (gradients[index] + settings.l2() * weight) / batch;
            }
            for (int index = biasOffsets[layer]; index < biasOffsets[layer] + sizes[layer + 1]; index++) {
                gradients[index] /= batch;
            }
        }
        return lossSum / batch + 0.5 * settings.l2() * squaredWeights / batch;
    }

    /** Fills the activations of every layer for {@code rows[start, start + count)}. */
    private void forward(int[] rows, int start, int count) {
        int features = sizes[0];
        for (int row = 0; row < count; row++) {
            System.arraycopy(data.features()[rows[start + row]], 0, activations[0], row * features, features);
        }
        int last = sizes.length - 1;
        for (int layer = 0; layer < last; layer++) {
            int out = sizes[layer + 1];
            DenseMatrices.multiplyAddBias(
                    activations[layer],
                    parameters,
                    weightOffsets[layer],
                    parameters,
                    biasOffsets[layer],
                    activations[layer + 1],
                    count,
                    sizes[layer],
                    out);
            if (layer + 1 < last) {
                settings.activation().applyInPlace(activations[layer + 1], count * out);
            }
        }
        double[] outputs = activations[last];
        int width = sizes[last];
        switch (output) {
            case SOFTMAX -> {
                for (int row = 0; row < count; row++) {
                    MlpModel.softmaxInPlace(outputs, row * width, width);
                }
            }
            case LOGISTIC -> {
                for (int row = 0; row < count; row++) {
                    outputs[row] = MlpActivation.logistic(outputs[row]);
                }
            }
            case IDENTITY -> {}
        }
    }

    /**
     * Sets the output deltas (prediction minus target, the gradient of each loss with its matching output function)
     * and returns the summed loss of the chunk.
     */
    private double outputDeltas(int[] rows, int start, int count) {
        int last = sizes.length - 1;
        int width = sizes[last];
        double[] outputs = activations[last];
        double[] delta = deltas[last];
        double loss = 0;
        for (int row = 0; row < count; row++) {
            double target = data.targets()[rows[start + row]];
            switch (output) {
                case SOFTMAX -> {
                    int label = (int) target;
                    for (int unit = 0; unit < width; unit++) {
                        delta[row * width + unit] = outputs[row * width + unit] - (unit == label ? 1 : 0);
                    }
                    loss -= Math.log(clip(outputs[row * width + label]));
                }
                case LOGISTIC -> {
                    double probability = outputs[row];
                    delta[row] = probability - target;
                    loss -= Math.log(clip(target == 1 ? probability : 1 - probability));
                }
                case IDENTITY -> {
                    double error = outputs[row] - target;
                    delta[row] = error;
                    loss += 0.5 * error * error;
                }
            }
        }
        return loss;
    }

    /** The validation accuracy (classification) or R² (regression) of the current parameters. */
    private double score(int[] rows) {
        int last = sizes.length - 1;
        int width = sizes[last];
        double[] outputs = activations[last];
        int correct = 0;
        double mean = 0;
        for (int row : rows) {
            mean += data.targets()[row];
        }
        mean /= rows.length;
        double squaredErrors = 0;
        double totalSquares = 0;
        for (int start = 0; start < rows.length; start += CHUNK_ROWS) {
            checkCancelledOccasionally();
            int count = Math.min(CHUNK_ROWS, rows.length - start);
            forward(rows, start, count);
            for (int row = 0; row < count; row++) {
                double target = data.targets()[rows[start + row]];
                switch (output) {
                    case SOFTMAX -> {
                        int best = 0;
                        for (int unit = 1; unit < width; unit++) {
                            if (outputs[row * width + unit] > outputs[row * width + best]) {
                                best = unit;
                            }
                        }
                        correct += best == target ? 1 : 0;
                    }
                    case LOGISTIC -> correct += (outputs[row] > 0.5 ? 1 : 0) == target ? 1 : 0;
                    case IDENTITY -> {
                        squaredErrors += (outputs[row] - target) * (outputs[row] - target);
                        totalSquares += (target - mean) * (target - mean);
                    }
                }
            }
        }
        return switch (output) {
            case SOFTMAX, LOGISTIC -> (double) correct / rows.length;
            // As scikit-learn's r2_score: a constant target scores 1 when predicted exactly, else 0.
            case IDENTITY -> totalSquares == 0 ? (squaredErrors == 0 ? 1 : 0) : 1 - squaredErrors / totalSquares;
        };
    }

    private void checkCancelledOccasionally() {
        if (++chunksSinceCancellationCheck >= CHUNKS_PER_CANCELLATION_CHECK) {
            chunksSinceCancellationCheck = 0;
            context.checkCancelled();
        }
    }

    private MlpModel model(List<Double> lossCurve, List<Double> validationScores) {
        int layers = sizes.length - 1;
        double[][] weights = new double[layers][];
        double[][] biases = new double[layers][];
        for (int layer = 0; layer < layers; layer++) {
            weights[layer] = Arrays.copyOfRange(parameters, weightOffsets[layer], biasOffsets[layer]);
            biases[layer] = Arrays.copyOfRange(parameters, biasOffsets[layer], biasOffsets[layer] + sizes[layer + 1]);
        }
        return new MlpModel(
                settings.activation(), output, sizes.clone(), weights, biases, lossCurve, validationScores);
    }

    private static double clip(double probability) {
        return Math.min(Math.max(probability, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP);
    }

    private static int[] rowsWhere(boolean[] mask, boolean value) {
        int[] rows = new int[mask.length];
        int count = 0;
        for (int row = 0; row < mask.length; row++) {
            if (mask[row] == value) {
                rows[count++] = row;
            }
        }
        return Arrays.copyOf(rows, count);
    }

    private static void shuffle(int[] values, int length, SplittableRandom random) {
        for (int index = length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int value = values[index];
            values[index] = values[other];
            values[other] = value;
        }
    }
}
