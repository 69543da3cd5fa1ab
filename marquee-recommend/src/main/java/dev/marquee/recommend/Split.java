package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

/**
 * Train, validation and test interactions over the same user and item id spaces; every interaction of the source
 * lies in exactly one of them.
 */
public record Split(Interactions train, Interactions validation, Interactions test) {
    public Split {
        requireNonNull(train, "train is null");
        requireNonNull(validation, "validation is null");
        requireNonNull(test, "test is null");
        train.requireSameIds(validation);
        train.requireSameIds(test);
    }

    /** Train and validation together: what a final model is fitted on and what test ranking excludes. */
    public Interactions trainAndValidation() {
        return train.union(validation);
    }
}
