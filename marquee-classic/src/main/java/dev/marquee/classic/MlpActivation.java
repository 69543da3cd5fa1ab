package dev.marquee.classic;

/**
 * The activation of an {@linkplain Mlp mlp}'s hidden layers. Its JSON form (the constant's name) is part of the
 * artifact format.
 */
public enum MlpActivation {
    /** {@code max(0, z)}. */
    RELU,
    /** {@code tanh(z)}. */
    TANH,
    /** {@code 1 / (1 + exp(-z))}. */
    LOGISTIC;

    /** Replaces {@code values[0, length)} by their activations. */
    void applyInPlace(double[] values, int length) {
        switch (this) {
            case RELU -> {
                for (int index = 0; index < length; index++) {
                    values[index] = Math.max(0, values[index]);
                }
            }
            case TANH -> {
                for (int index = 0; index < length; index++) {
                    values[index] = Math.tanh(values[index]);
                }
            }
            case LOGISTIC -> {
                for (int index = 0; index < length; index++) {
                    values[index] = logistic(values[index]);
                }
            }
        }
    }

    /**
     * Multiplies {@code gradients[0, length)} by the derivative of the activation, given the activated values: the
     * derivative of each of these functions is a function of its own output, so the pre-activations need not be kept.
     */
    void multiplyByDerivative(double[] activations, double[] gradients, int length) {
        switch (this) {
            case RELU -> {
                for (int index = 0; index < length; index++) {
                    if (activations[index] <= 0) {
                        gradients[index] = 0;
                    }
                }
            }
            case TANH -> {
                for (int index = 0; index < length; index++) {
                    double activation = activations[index];
                    gradients[index] *= 1 - activation * activation;
                }
            }
            case LOGISTIC -> {
                for (int index = 0; index < length; index++) {
                    double activation = activations[index];
                    gradients[index] *= activation * (1 - activation);
                }
            }
        }
    }

    static double logistic(double value) {
        if (value >= 0) {
            return 1 / (1 + Math.exp(-value));
        }
        double exponential = Math.exp(value);
        return exponential / (1 + exponential);
    }
}
