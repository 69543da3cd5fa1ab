package dev.marquee.training;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.Locale;

/** How a {@link TuningSpec} chooses the parameter combinations to try. */
public enum SearchMethod {
    /**
     * Every combination: each list of values, each integer range's every integer, each real range's
     * {@value TuningSpec#GRID_POINTS_PER_RANGE} evenly spaced points (geometrically spaced for a log range).
     */
    GRID,
    /** {@link TuningSpec#trials()} combinations drawn independently with the training seed. */
    RANDOM;

    /** The name as written in requests and manifests, e.g. {@code grid}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method named in any case, e.g. {@code grid}.
     *
     * @throws MarqueeException INVALID_ARGUMENT listing the methods for an unknown name
     */
    public static SearchMethod fromName(String name) {
        return Arrays.stream(values())
                .filter(method -> method.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> MarqueeException.invalid(
                        "unknown tuning method '%s'; methods are [grid, random]", name.toLowerCase(Locale.ROOT)));
    }
}
