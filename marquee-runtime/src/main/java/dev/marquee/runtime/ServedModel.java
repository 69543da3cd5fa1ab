package dev.marquee.runtime;

import dev.marquee.core.Explanation;
import dev.marquee.core.MarqueeException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A model ready to serve Open Inference Protocol requests: a Marquee-trained model bound to tensors
 * ({@link ModelBinding}) or a model brought by the user (for example an ONNX graph). Implementations are thread-safe;
 * {@link #close()} releases what the model holds (native sessions, buffers) and is called once the loaded-model cache
 * has evicted it and no request uses it any more.
 */
public interface ServedModel extends AutoCloseable {
    /** The OIP metadata {@code platform}, e.g. {@code marquee_logistic_regression} or {@code onnxruntime_onnx}. */
    String platform();

    List<TensorSpec> inputSpecs();

    /** Every output a caller may request. */
    List<TensorSpec> outputSpecs();

    /** Scores the request; every problem with the inputs is an INVALID_ARGUMENT naming the tensor. */
    List<InferenceTensor> infer(InferenceRequest request);

    /** Explains the request's rows by input; models that cannot explain answer INVALID_ARGUMENT. */
    default Explanation explain(InferenceRequest request) {
        throw MarqueeException.invalid("model platform '%s' does not support explanations", platform());
    }

    /**
     * Applies {@code work} to this model when that needs no load first; empty when the model would have to be loaded
     * (a cached model that was evicted). A model held in memory (the default) always applies it.
     */
    default <T> Optional<T> ifLoaded(Function<ServedModel, T> work) {
        return Optional.of(work.apply(this));
    }

    /** This model as a recommender, when it is one; empty for every other kind (the default). */
    default Optional<RecommendingModel> recommending() {
        return Optional.empty();
    }

    /** An estimate of the memory the loaded model holds, heap and native, for the cache's memory budget. */
    long memoryBytes();

    /** Releases native resources; the default holds none. */
    @Override
    default void close() {}
}
