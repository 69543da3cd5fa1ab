package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Explanation;

/** An inference response with the explanation of each of its rows, both computed by the same model version. */
public record ExplainedInference(InferenceResponse response, Explanation explanation) {
    public ExplainedInference {
        requireNonNull(response, "response is null");
        requireNonNull(explanation, "explanation is null");
    }
}
