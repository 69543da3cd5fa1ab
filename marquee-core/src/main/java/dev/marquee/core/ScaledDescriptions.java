package dev.marquee.core;

import dev.marquee.core.PreprocessingOptions.Impute;
import dev.marquee.core.PreprocessingOptions.Scaling;
import java.util.Optional;

/** The description parts NUMERIC and TIMESTAMP steps share, so both read alike. */
final class ScaledDescriptions {
    private ScaledDescriptions() {}

    /** E.g. {@code "impute mean=20, standardise mean=20 sd=8.16497"}. */
    static String describe(Impute impute, double imputed, Scaling scaling, double center, double scale) {
        String imputation = switch (impute) {
            case MEAN -> "impute mean=";
            case MEDIAN -> "impute median=";
            case MOST_FREQUENT -> "impute most frequent=";
            case CONSTANT -> "impute constant=";
        };
        String scaled = switch (scaling) {
            case STANDARD -> "standardise mean=%s sd=%s";
            case MINMAX -> "min-max scale min=%s range=%s";
            case ROBUST -> "robust scale median=%s iqr=%s";
            case NONE -> "no scaling";
        };
        return imputation + DisplayNumbers.format(imputed) + ", "
                + scaled.formatted(DisplayNumbers.format(center), DisplayNumbers.format(scale));
    }

    /** E.g. {@code ", range [10, 30], 1 missing, clipped, missing indicator"}; empty for old artifacts. */
    static String details(
            Optional<ValueRange> range, boolean clip, boolean missingIndicator, CellReport report, boolean lenient) {
        StringBuilder details = new StringBuilder();
        range.ifPresent(value -> details.append(", range ").append(value));
        if (report.missing() > 0) {
            details.append(", ").append(report.missing()).append(" missing");
        }
        if (clip) {
            details.append(", clipped to range");
        }
        if (missingIndicator) {
            details.append(", missing indicator");
        }
        return details + report.describe(lenient);
    }
}
