package dev.marquee.core;

import java.util.Map;
import java.util.Set;

/**
 * The service-provider interface of a training algorithm. Algorithm modules implement it and list the implementation
 * in {@code META-INF/services/dev.marquee.core.Algorithm}; {@link Algorithms#installed()} finds them, so core never
 * names a concrete algorithm. Implementations are stateless and thread-safe, with a public no-argument constructor.
 *
 * <p>An algorithm sees only numbers: the fitted preprocessing has already turned every raw row into a feature
 * vector. It reads its hyper-parameters from text (rejecting unknown names and out-of-range values with an
 * {@link ErrorCode#INVALID_ARGUMENT} naming the parameter) and returns a {@link FittedModel} that Jackson serialises
 * into the model artifact and reads back as {@link #modelType()}.
 */
public interface Algorithm {
    /** The unique name users select it by, e.g. {@code logistic_regression}. */
    String name();

    /**
     * What its models can predict: one task, or both for a family such as trees that classifies and regresses. The
     * {@link TrainingData#task()} passed to {@link #fit} is always one of these.
     */
    Set<Task> tasks();

    /**
     * Validates the given parameters and returns every parameter the algorithm has, with defaults filled in, as
     * recorded in {@link ModelManifest#parameters()}.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming an unknown parameter or a value that is out of range
     */
    Map<String, String> resolveParameters(Map<String, String> parameters);

    /**
     * Fits a model. Reports progress from 0 to 1 through the context and checks its cancellation signal at least once
     * per iteration.
     *
     * @param parameters as accepted by {@link #resolveParameters}
     * @throws java.util.concurrent.CancellationException when the context says training was cancelled
     * @throws MarqueeException INVALID_ARGUMENT for bad parameters or data the algorithm cannot fit
     */
    FittedModel fit(TrainingData data, Map<String, String> parameters, TrainingContext context);

    /** The concrete type of this algorithm's models, to read them back from an artifact with Jackson. */
    Class<? extends FittedModel> modelType();
}
