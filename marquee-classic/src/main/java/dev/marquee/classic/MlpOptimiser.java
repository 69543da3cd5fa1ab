package dev.marquee.classic;

/**
 * Updates an {@link Mlp}'s parameters, one flat vector, from the gradient of a batch, as scikit-learn's
 * {@code AdamOptimizer} and {@code SGDOptimizer}. Not thread-safe: one instance per training run.
 */
sealed interface MlpOptimiser permits MlpOptimiser.Adam, MlpOptimiser.Sgd {
    /** Takes one step: {@code parameters} change, {@code gradients} are only read. */
    void update(double[] parameters, double[] gradients);

    /** Called after each epoch with the number of training rows seen so far. */
    void epochEnded(long rowsSeen);

    /**
     * Called when the epochs without improvement have run out.
     *
     * @return true to go on training (the step size was reduced), false to stop
     */
    boolean continueAfterStall();

    /** The current base step size, for progress messages. */
    double learningRate();

    static MlpOptimiser create(MlpSettings settings, int parameterCount) {
        return switch (settings.solver()) {
            case ADAM -> new Adam(settings.learningRate(), parameterCount);
            case SGD, GD -> new Sgd(settings, parameterCount);
        };
    }

    /** Adam with β₁ 0.9, β₂ 0.999, ε 1e-8 and bias correction folded into the step size. */
    final class Adam implements MlpOptimiser {
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPSILON = 1e-8;

        private final double learningRate;
        private final double[] firstMoments;
        private final double[] secondMoments;
        private int steps;

        Adam(double learningRate, int parameterCount) {
            this.learningRate = learningRate;
            this.firstMoments = new double[parameterCount];
            this.secondMoments = new double[parameterCount];
        }

        @Override
        public void update(double[] parameters, double[] gradients) {
            steps++;
            double step = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
            for (int index = 0; index < parameters.length; index++) {
                double gradient = gradients[index];
                firstMoments[index] = BETA1 * firstMoments[index] + (1 - BETA1) * gradient;
                secondMoments[index] = BETA2 * secondMoments[index] + (1 - BETA2) * gradient * gradient;
                parameters[index] -= step * firstMoments[index] / (Math.sqrt(secondMoments[index]) + EPSILON);
            }
        }

        @Override
        public void epochEnded(long rowsSeen) {}

        @Override
        public boolean continueAfterStall() {
            return false;
        }

        @Override
        public double learningRate() {
            return learningRate;
        }
    }

    /** Gradient descent with (Nesterov) momentum and a step-size schedule. */
    final class Sgd implements MlpOptimiser {
        private static final double SMALLEST_ADAPTIVE_RATE = 1e-6;

        private final double initialLearningRate;
        private final MlpSettings.Schedule schedule;
        private final double powerT;
        private final double momentum;
        private final boolean nesterov;
        private final double[] velocities;
        private double learningRate;

        Sgd(MlpSettings settings, int parameterCount) {
            this.initialLearningRate = settings.learningRate();
            this.schedule = settings.learningRateSchedule();
            this.powerT = settings.powerT();
            this.momentum = settings.momentum();
            this.nesterov = settings.nesterov();
            this.velocities = new double[parameterCount];
            this.learningRate = initialLearningRate;
        }

        @Override
        public void update(double[] parameters, double[] gradients) {
            for (int index = 0; index < parameters.length; index++) {
                double velocity = momentum * velocities[index] - learningRate * gradients[index];
                velocities[index] = velocity;
                parameters[index] += nesterov ? momentum * velocity - learningRate * gradients[index] : velocity;
            }
        }

        @Override
        public void epochEnded(long rowsSeen) {
            if (schedule == MlpSettings.Schedule.INVSCALING) {
                learningRate = initialLearningRate / Math.pow(rowsSeen + 1, powerT);
            }
        }

        @Override
        public boolean continueAfterStall() {
            return switch (schedule) {
                case CONSTANT, INVSCALING -> false;
                case ADAPTIVE -> {
                    if (learningRate <= SMALLEST_ADAPTIVE_RATE) {
                        yield false;
                    }
                    learningRate /= 5;
                    yield true;
                }
            };
        }

        @Override
        public double learningRate() {
            return learningRate;
        }
    }
}
