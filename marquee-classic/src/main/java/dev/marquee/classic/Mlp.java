package dev.marquee.classic;

import dev.marquee.core.Algorithm;
import dev.marquee.core.FittedModel;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.Map;
import java.util.Set;

/**
 * {@code mlp}: a multi-layer perceptron of dense layers for classification and regression, trained by mini-batch
 * back-propagation with scikit-learn's {@code MLPClassifier} and {@code MLPRegressor} semantics: Glorot-uniform
 * initialisation, softmax and cross-entropy for several classes, one logistic unit and binary cross-entropy for two,
 * identity and half the squared error for regression, and a loss of the batch mean plus
 * {@code l2 / (2 · batch rows) · ‖W‖²} (biases not penalised). Training replays exactly for the same seed.
 *
 * <p>It is written in plain Java rather than on DJL and PyTorch: for the small dense networks that tabular data
 * needs, cache-friendly loops over flat arrays avoid a 430 MB native runtime and are faster than its per-call
 * overhead. The deep-learning module will use DJL for what needs it.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code hidden_layers} (default {@code 100}): the width of each hidden layer, comma-separated, input side
 *       first, e.g. {@code 64,32}; 1 to {@value MlpSettings#MOST_HIDDEN_LAYERS} layers of 1 to
 *       {@value MlpSettings#MOST_UNITS} units.
 *   <li>{@code activation} ({@code relu} (default), {@code tanh} or {@code logistic}): of the hidden layers.
 *   <li>{@code solver} ({@code adam} (default), {@code sgd} or {@code gd}): Adam with β₁ 0.9, β₂ 0.999 and ε 1e-8;
 *       mini-batch gradient descent with momentum; or gradient descent with momentum on all rows at once.
 *   <li>{@code learning_rate} (> 0, default 0.001): the (initial) step size.
 *   <li>{@code learning_rate_schedule} ({@code constant} (default), {@code invscaling} or {@code adaptive}; sgd and
 *       gd only): {@code invscaling} divides the step size by {@code (t + 1)^power_t} after {@code t} rows;
 *       {@code adaptive} divides it by 5 instead of stopping when the epochs without improvement run out, until it
 *       is below 1e-6.
 *   <li>{@code power_t} (≥ 0, default 0.5): the exponent of {@code invscaling}.
 *   <li>{@code momentum} (0 to 1, default 0.9) and {@code nesterov} (default {@code true}): for sgd and gd.
 *   <li>{@code batch_size} (1 to 1,000,000, default 200): rows per step, at most the row count; gd ignores it.
 *   <li>{@code l2} (≥ 0, default 1e-4): scikit-learn's {@code alpha}.
 *   <li>{@code max_epochs} (1 to 100,000, default 200): passes over the training rows.
 *   <li>{@code tolerance} (≥ 0, default 1e-4) and {@code epochs_without_improvement} (≥ 1, default 10): training
 *       stops once the training loss (or, with early stopping, the validation score) has not improved by
 *       {@code tolerance} for more than that many epochs in a row.
 *   <li>{@code early_stopping} (default {@code false}) and {@code validation_fraction} (between 0 and 1, default
 *       0.1): hold out that fraction of the rows, stratified by class for classification, score them after each
 *       epoch (accuracy or R²), stop on that score, and keep the weights of the best epoch.
 * </ul>
 *
 * <p>Progress is reported once per epoch, e.g. {@code "epoch 12/200 loss 0.1234 validation_accuracy 0.9650"};
 * cancellation is checked every epoch and every few thousand rows. The model keeps the loss per epoch and the
 * validation scores.
 */
public final class Mlp implements Algorithm {
    public static final String NAME = "mlp";

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
        return ParameterReader.resolve(NAME, parameters, MlpSettings::read);
    }

    @Override
    public FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context) {
        MlpSettings settings = ParameterReader.read(NAME, parameters, MlpSettings::read);
        context.checkCancelled();
        return MlpTrainer.train(data, settings, context);
    }

    @Override
    public Class<MlpModel> modelType() {
        return MlpModel.class;
    }
}
