package dev.marquee.core;

/** What a supervised model predicts. */
public enum Task {
    REGRESSION,
    CLASSIFICATION
}
