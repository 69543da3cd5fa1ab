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
    /** Why the options-less {@link #fit(List, List)} drops text; kept word for word in older model descriptions. */
    static final String TEXT_NOT_SUPPORTED = "text features are not supported yet";
    static final String TEXT_DROPPED = "text=drop";

    public FittedPipeline {
        encoders = List.copyOf(requireNonNull(encoders, "encoders is null"));
    }

    /**
     * Fits the preprocessing that existed before {@link PreprocessingOptions}: {@link PreprocessingOptions#legacy()},
     * i.e. NUMERIC mean imputation and standardisation; BOOLEAN 0/1 with most-frequent imputation; CATEGORICAL
     * one-hot over the 100 most frequent values; TIMESTAMP epoch seconds, mean imputation and standardisation; TEXT
     * dropped.
     *
     * @param rows training rows, each with one cell per input, in input order
     * @throws MarqueeException INVALID_ARGUMENT when a cell does not fit its column's type
     */
    public static FittedPipeline fit(List<Column> inputs, List<Object[]> rows) {
        return fit(inputs, rows, PreprocessingOptions.legacy());
    }

    /**
     * Fits one step per input column on the training rows only, as {@code options} says; the statistics of the
     * fitted steps come from these rows alone, and {@link #transform} applies them unchanged to any other rows.
     *
     * @param rows training rows, each with one cell per input, in input order
     * @throws MarqueeException INVALID_ARGUMENT when a cell does not fit its column's type and
     *     {@code invalid_values} is {@code error}
     */
    public static FittedPipeline fit(List<Column> inputs, List<Object[]> rows, PreprocessingOptions options) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(options, "options is null");
        List<ColumnEncoder> encoders = new ArrayList<>(inputs.size());
        for (int index = 0; index < inputs.size(); index++) {
            Column input = inputs.get(index);
            String name = input.name();
            encoders.add(switch (input.type()) {
                case NUMERIC -> NumericEncoder.fit(name, rows, index, options);
                case BOOLEAN -> BooleanEncoder.fit(name, rows, index, options);
                case CATEGORICAL -> switch (options.categoricalEncoding()) {
                    case ONE_HOT -> CategoricalEncoder.fit(name, rows, index, options);
                    case HASHING -> HashedCategoricalEncoder.fit(name, rows, index, options);
                };
                case TIMESTAMP -> TimestampEncoder.fit(name, rows, index, options);
                case TEXT -> switch (options.text()) {
                    case TFIDF -> TfidfEncoder.fit(name, rows, index, options);
                    case DROP -> new DroppedColumn(name, ColumnType.TEXT,
                            options.equals(PreprocessingOptions.legacy()) ? TEXT_NOT_SUPPORTED : TEXT_DROPPED);
                };
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
