package dev.marquee.training;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.Locale;

/** How {@link TrainingPipeline} holds out test rows when the caller gives none. */
public enum SplitMethod {
    /** A seeded random share of the rows; stratified by class for classification. */
    RANDOM,
    /**
     * The latest share of the rows by {@link TrainingSpec#timeColumn()}; tuning and cross-validation then validate
     * on the latest share of the training rows, so that no model is judged on rows older than those it learnt from.
     */
    TIME;

    /**
     * The method named in any case, e.g. {@code random}.
     *
     * @throws MarqueeException INVALID_ARGUMENT listing the methods for an unknown name
     */
    public static SplitMethod fromName(String name) {
        return Arrays.stream(values())
                .filter(method -> method.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> MarqueeException.invalid(
                        "unknown split '%s'; splits are [random, time]", name.toLowerCase(Locale.ROOT)));
    }
}
