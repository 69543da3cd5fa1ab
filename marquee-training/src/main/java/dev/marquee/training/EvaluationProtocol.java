package dev.marquee.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.Split;
import dev.marquee.recommend.Splits;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a recommender training job splits interactions into train, validation and test: the RecBole protocols for
 * ranking recommenders, and Surprise's k-fold cross-validation for rating prediction.
 */
public enum EvaluationProtocol {
    /** Each user's interactions shuffled with the seed and cut 80/10/10. */
    PER_USER_RANDOM,
    /** Each user's latest interaction is the test item, the one before it the validation item; needs timestamps. */
    LEAVE_LAST_OUT,
    /** All interactions ordered by time and cut 80/10/10: train is the past, test the future; needs timestamps. */
    GLOBAL_TEMPORAL,
    /**
     * Rating prediction only: all ratings shuffled with the seed and cut into {@code folds} parts; each part is the
     * test set once, of a model fitted on the others ({@link Splits#kFold}).
     */
    K_FOLD;

    /** The lower-case name used in the API, e.g. {@code per_user_random}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol named in any case; anything else is INVALID_ARGUMENT naming the field {@code protocol}. */
    @JsonCreator
    public static EvaluationProtocol fromName(String name) {
        return Arrays.stream(values())
                .filter(protocol -> protocol.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> MarqueeException.invalid("'protocol' must be one of %s, was '%s'",
                        Arrays.stream(values()).map(EvaluationProtocol::wireName).toList(), name));
    }

    /** Whether the protocol orders interactions by time, so the data needs timestamps. */
    public boolean needsTimestamps() {
        return switch (this) {
            case PER_USER_RANDOM, K_FOLD -> false;
            case LEAVE_LAST_OUT, GLOBAL_TEMPORAL -> true;
        };
    }

    /**
     * The train/validation/test split of a ranking protocol; INVALID_ARGUMENT when the protocol needs timestamps the
     * interactions lack, and for {@link #K_FOLD}, which is {@link #folds}.
     */
    public Split split(Interactions interactions, long seed) {
        return switch (this) {
            case PER_USER_RANDOM -> Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, seed);
            case LEAVE_LAST_OUT -> Splits.leaveLastOut(interactions);
            case GLOBAL_TEMPORAL -> Splits.globalTemporal(interactions, 0.8, 0.1, 0.1);
            case K_FOLD -> throw MarqueeException.invalid(
                    "'protocol' k_fold evaluates rating prediction and gives no single split");
        };
    }

    /** The k-fold splits (empty validation sets) of {@link #K_FOLD}; INVALID_ARGUMENT for another protocol. */
    public List<Split> folds(Interactions interactions, int folds, long seed) {
        return switch (this) {
            case K_FOLD -> Splits.kFold(interactions, folds, seed);
            case PER_USER_RANDOM, LEAVE_LAST_OUT, GLOBAL_TEMPORAL -> throw MarqueeException.invalid(
                    "'protocol' %s is a single split, not k-fold", wireName());
        };
    }
}
