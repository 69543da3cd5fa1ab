package dev.marquee.core;

import java.util.Map;
import java.util.Set;

/** A test algorithm: predicts the training class frequencies, whatever the features. */
public final class PriorAlgorithm implements Algorithm {
    @Override
    public String name() {
        return "test_prior";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.CLASSIFICATION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        return new ParameterReader(name(), parameters).finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        double[] frequencies = new double[data.classCount()];
        for (double target : data.targets()) {
            frequencies[(int) target] += 1.0 / data.rowCount();
        }
        return new PriorModel(data.featureCount(), frequencies);
    }

    @Override
    public Class<PriorModel> modelType() {
        return PriorModel.class;
    }

    public record PriorModel(int featureCount, double[] frequencies) implements FittedModel {
        @Override
        public int outputCount() {
            return frequencies.length;
        }

        @Override
        public void predict(double[] features, double[] output) {
            System.arraycopy(frequencies, 0, output, 0, frequencies.length);
        }
    }
}
