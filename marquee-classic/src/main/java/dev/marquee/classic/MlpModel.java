package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.FittedModel;
import java.util.List;

/**
 * A fitted multi-layer perceptron: dense layers with {@code activation} between them and {@code output} at the end.
 * Immutable by contract (the arrays are never modified) and thread-safe. Its JSON shape is part of the artifact
 * format.
 *
 * <p>Unlike the {@link FittedModel#predict} contract asks, {@link #predict} allocates two scratch arrays as wide as
 * the widest hidden layer per call: that keeps it thread-safe without thread-local state, and the allocation is small
 * next to the products it feeds.
 *
 * @param layerSizes the width of each layer: features (possibly none), every hidden layer, then the output units
 * @param weights per layer {@code l}, a {@code layerSizes[l] × layerSizes[l + 1]} matrix, row-major
 * @param biases per layer {@code l}, {@code layerSizes[l + 1]} values
 * @param lossCurve the training loss after each epoch (mean loss plus the L2 penalty, as scikit-learn's
 *     {@code loss_curve_})
 * @param validationScores with early stopping, the validation accuracy (classification) or R² (regression) after
 *     each epoch; otherwise empty
 */
public record MlpModel(
        MlpActivation activation,
        Output output,
        int[] layerSizes,
        double[][] weights,
        double[][] biases,
        List<Double> lossCurve,
        List<Double> validationScores) implements FittedModel {
    /** The function of the last layer, which also fixes the loss it was trained on. */
    public enum Output {
        /** One probability per class; cross-entropy loss. */
        SOFTMAX,
        /** One unit, the probability of class 1 of 2; binary cross-entropy loss. */
        LOGISTIC,
        /** One unit, the regression prediction; squared-error loss. */
        IDENTITY
    }

    public MlpModel {
        requireNonNull(activation, "activation is null");
        requireNonNull(output, "output is null");
        requireNonNull(layerSizes, "layerSizes is null");
        requireNonNull(weights, "weights is null");
        requireNonNull(biases, "biases is null");
        lossCurve = List.copyOf(requireNonNull(lossCurve, "lossCurve is null"));
        validationScores = List.copyOf(requireNonNull(validationScores, "validationScores is null"));
        if (layerSizes.length < 2) {
            throw new IllegalArgumentException("layerSizes needs at least the input and output layer");
        }
        for (int size : layerSizes) {
            if (size < 0) {
                throw new IllegalArgumentException("layer sizes must not be negative: " + size);
            }
        }
        int layers = layerSizes.length - 1;
        for (int layer = 1; layer <= layers; layer++) {
            if (layerSizes[layer] == 0) {
                throw new IllegalArgumentException("only the input layer may be empty: layer %d".formatted(layer));
            }
        }
        if (weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("%d layer sizes need %d weight matrices and bias vectors, have %d and %d"
                    .formatted(layerSizes.length, layers, weights.length, biases.length));
        }
        for (int layer = 0; layer < layers; layer++) {
            requireNonNull(weights[layer], "weights row is null");
            requireNonNull(biases[layer], "biases row is null");
            if (weights[layer].length != layerSizes[layer] * layerSizes[layer + 1]) {
                throw new IllegalArgumentException("weights[%d] has %d values, needs %d × %d".formatted(
                        layer, weights[layer].length, layerSizes[layer], layerSizes[layer + 1]));
            }
            if (biases[layer].length != layerSizes[layer + 1]) {
                throw new IllegalArgumentException("biases[%d] has %d values, needs %d"
                        .formatted(layer, biases[layer].length, layerSizes[layer + 1]));
            }
            Vectors.requireFinite(weights[layer], "weights");
            Vectors.requireFinite(biases[layer], "biases");
        }
        int outputs = layerSizes[layers];
        boolean consistent = switch (output) {
            case SOFTMAX -> outputs >= 2;
            case LOGISTIC, IDENTITY -> outputs == 1;
        };
        if (!consistent) {
            throw new IllegalArgumentException("%s output cannot have %d units".formatted(output, outputs));
        }
        for (double loss : lossCurve) {
            if (!Double.isFinite(loss)) {
                throw new IllegalArgumentException("lossCurve must be finite: " + loss);
            }
        }
        if (!validationScores.isEmpty() && validationScores.size() != lossCurve.size()) {
            throw new IllegalArgumentException("validationScores has %d epochs, lossCurve %d"
                    .formatted(validationScores.size(), lossCurve.size()));
        }
    }

    @Override
    public int featureCount() {
        return layerSizes[0];
    }

    @Override
    public int outputCount() {
        return output == Output.LOGISTIC ? 2 : layerSizes[layerSizes.length - 1];
    }

    @Override
    public void predict(double[] features, double[] output) {
        int widest = 0;
        for (int layer = 1; layer < layerSizes.length - 1; layer++) {
            widest = Math.max(widest, layerSizes[layer]);
        }
        double[] even = new double[widest];
        double[] odd = new double[widest];
        double[] current = features;
        int last = weights.length - 1;
        for (int layer = 0; layer <= last; layer++) {
            // The last layer writes straight into the caller's output, which is at least as wide.
            double[] next = layer == last ? output : layer % 2 == 0 ? even : odd;
            DenseMatrices.multiplyAddBias(
                    current, weights[layer], 0, biases[layer], 0, next, 1, layerSizes[layer], layerSizes[layer + 1]);
            if (layer < last) {
                activation.applyInPlace(next, layerSizes[layer + 1]);
            }
            current = next;
        }
        switch (this.output) {
            case SOFTMAX -> softmaxInPlace(output, 0, layerSizes[layerSizes.length - 1]);
            case LOGISTIC -> {
                double probability = MlpActivation.logistic(output[0]);
                output[0] = 1 - probability;
                output[1] = probability;
            }
            case IDENTITY -> {}
        }
    }

    /** Replaces {@code values[offset, offset + length)} by their softmax. */
    static void softmaxInPlace(double[] values, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int index = offset; index < offset + length; index++) {
            max = Math.max(max, values[index]);
        }
        double sum = 0;
        for (int index = offset; index < offset + length; index++) {
            values[index] = Math.exp(values[index] - max);
            sum += values[index];
        }
        for (int index = offset; index < offset + length; index++) {
            values[index] /= sum;
        }
    }
}
