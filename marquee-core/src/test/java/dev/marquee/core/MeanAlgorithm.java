package dev.marquee.core;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/** A test algorithm: predicts the mean training target plus an {@code offset} parameter. */
public final class MeanAlgorithm implements Algorithm {
    @Override
    public String name() {
        return "test_mean";
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.REGRESSION);
    }

    @Override
    public Map<String, String> resolveParameters(Map<String, String> parameters) {
        ParameterReader reader = new ParameterReader(name(), parameters);
        reader.real("offset", 0, value -> true, "be a number");
        return reader.finish();
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        context.checkCancelled();
        double offset = Double.parseDouble(resolveParameters(parameters).get("offset"));
        double mean = Arrays.stream(data.targets()).average().orElseThrow();
        context.progress().progress(1, "done");
        return new MeanModel(data.featureCount(), mean + offset);
    }

    @Override
    public Class<MeanModel> modelType() {
        return MeanModel.class;
    }

    public record MeanModel(int featureCount, double mean) implements FittedModel {
        @Override
        public int outputCount() {
            return 1;
        }

        @Override
        public void predict(double[] features, double[] output) {
            output[0] = mean;
        }
    }
}
