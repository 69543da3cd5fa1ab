package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The fitted preprocessing of a model: one {@link ColumnEncoder} per raw input column, in input order, turning a raw
 * row (cell conventions in {@link LoadedModel}) into a feature vector. Fitted on training rows only, stored inside the
 * model artifact and applied unchanged at serving time, so training and serving transformations cannot drift apart.
 * Immutable and thread-safe.
 */
public record FittedPipeline(List<ColumnEncoder> encoders) {
    static final String TEXT_NOT_SUPPORTED = "text features are not supported yet";

    public FittedPipeline {
        encoders = List.copyOf(requireNonNull(encoders, "encoders is null"));
    }

    /**
     * Fits one step per input column on the training rows: NUMERIC mean imputation and standardisation; BOOLEAN 0/1
     * with most-frequent imputation; CATEGORICAL one-hot over the most frequent values; TIMESTAMP epoch seconds,
     * mean imputation and standardisation; TEXT dropped.
     *
     * @param rows training rows, each with one cell per input, in input order
     * @throws MarqueeException INVALID_ARGUMENT when a cell does not fit its column's type
     */
    public static FittedPipeline fit(List<Column> inputs, List<Object[]> rows) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(rows, "rows is null");
        List<ColumnEncoder> encoders = new ArrayList<>(inputs.size());
        for (int index = 0; index < inputs.size(); index++) {
            Column input = inputs.get(index);
            encoders.add(switch (input.type()) {
                case NUMERIC -> NumericEncoder.fit(input.name(), rows, index);
                case BOOLEAN -> BooleanEncoder.fit(input.name(), rows, index);
                case CATEGORICAL -> CategoricalEncoder.fit(input.name(), rows, index);
                case TIMESTAMP -> TimestampEncoder.fit(input.name(), rows, index);
                case TEXT -> new DroppedColumn(input.name(), ColumnType.TEXT, TEXT_NOT_SUPPORTED);
            });
        }
        return new FittedPipeline(encoders);
    }

    /** The input column names, in order. */
    public List<String> columns() {
        return encoders.stream().map(ColumnEncoder::column).toList();
    }

    /** The length of every feature vector. */
    public int featureCount() {
        int count = 0;
        for (ColumnEncoder encoder : encoders) {
            count += encoder.width();
        }
        return count;
    }

    /**
     * The feature vector of one raw row.
     *
     * @param row one cell per input column, in order
     * @param rowIndex the row's index, for error messages
     * @throws MarqueeException INVALID_ARGUMENT when the row has the wrong length or a cell is invalid
     */
    public double[] transform(Object[] row, int rowIndex) {
        if (row == null) {
            throw MarqueeException.invalid("row %d: expected %d inputs, found null", rowIndex, encoders.size());
        }
        if (row.length != encoders.size()) {
            throw MarqueeException.invalid(
                    "row %d: expected %d inputs, found %d", rowIndex, encoders.size(), row.length);
        }
        double[] features = new double[featureCount()];
        int offset = 0;
        for (int index = 0; index < row.length; index++) {
            ColumnEncoder encoder = encoders.get(index);
            encoder.encode(row[index], features, offset, rowIndex);
            offset += encoder.width();
        }
        return features;
    }

    /** The feature vectors of many raw rows; row indexes in messages are positions in {@code rows}. */
    public double[][] transform(List<Object[]> rows) {
        double[][] features = new double[rows.size()][];
        for (int row = 0; row < features.length; row++) {
            features[row] = transform(rows.get(row), row);
        }
        return features;
    }

    /** One line per step with its fitted statistics, for {@link ModelManifest#preprocessing()}. */
    public List<String> description() {
        return encoders.stream().map(ColumnEncoder::description).toList();
    }
}
