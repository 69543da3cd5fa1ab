package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a model outputs: the target column it was trained on, the task, and for classification the class labels in
 * the order of the probability vector (empty for regression).
 */
public record OutputSchema(String target, Task task, List<String> classes) {
    public OutputSchema {
        requireNonNull(target, "target is null");
        requireNonNull(task, "task is null");
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
    }
}
