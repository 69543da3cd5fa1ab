package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A TEXT column as TF-IDF over word n-grams, computed like scikit-learn's {@code TfidfVectorizer} with
 * {@code smooth_idf=True, sublinear_tf=False, norm='l2'}:
 *
 * <ul>
 *   <li>tokens: only the first {@code maxCellChars} characters of a cell are read, so a huge cell costs bounded time
 *       and memory; a token is a run of two or more letters, digits or underscores, lower-cased (the default
 *       {@code token_pattern}); a term is 1 to {@code ngrams} consecutive tokens joined by one space;
 *   <li>{@code idf(t) = ln((1 + n) / (1 + df(t))) + 1}, with {@code n} training rows and {@code df(t)} the training
 *       rows containing term {@code t}, a missing cell counting as a row without terms;
 *   <li>a row's feature for vocabulary term {@code t} is {@code count(t) · idf(t)}, then the row is divided by its
 *       Euclidean norm; a row without vocabulary terms, or a missing cell, is all zeros.
 * </ul>
 *
 * The vocabulary holds the terms found in at least {@code text_min_document_frequency} training rows, the
 * {@code text_max_features} most frequent of them by total training count (ties by term), in alphabetical feature
 * order. Writes one feature per vocabulary term. Immutable and thread-safe.
 */
public final class TfidfEncoder implements ColumnEncoder {
    private final String column;
    private final int ngrams;
    private final int maxCellChars;
    private final List<String> vocabulary;
    private final List<Double> idf;
    private final boolean invalidAsMissing;
    private final CellReport report;
    private final Map<String, Integer> positions;

    /**
     * @param ngrams the longest n-gram counted; positive
     * @param maxCellChars how many leading characters of a cell are tokenised; positive
     * @param vocabulary the terms in feature order; unique
     * @param idf each term's inverse document frequency; finite and positive, as long as {@code vocabulary}
     * @param invalidAsMissing whether a non-text cell is treated as missing instead of failing
     * @param report what fitting saw in the training cells
     */
    @JsonCreator
    public TfidfEncoder(
            @JsonProperty("column") String column,
            @JsonProperty("ngrams") int ngrams,
            @JsonProperty("maxCellChars") int maxCellChars,
            @JsonProperty("vocabulary") List<String> vocabulary,
            @JsonProperty("idf") List<Double> idf,
            @JsonProperty("invalidAsMissing") boolean invalidAsMissing,
            @JsonProperty("report") CellReport report) {
        this.column = requireNonNull(column, "column is null");
        this.vocabulary = List.copyOf(requireNonNull(vocabulary, "vocabulary is null"));
        this.idf = List.copyOf(requireNonNull(idf, "idf is null"));
        this.report = report == null ? CellReport.EMPTY : report;
        this.invalidAsMissing = invalidAsMissing;
        if (ngrams < 1 || ngrams > PreprocessingOptions.MAX_TEXT_NGRAMS) {
            throw new IllegalArgumentException(column + ": ngrams must be between 1 and 5, was " + ngrams);
        }
        if (maxCellChars < 1) {
            throw new IllegalArgumentException(column + ": maxCellChars must be positive, was " + maxCellChars);
        }
        this.ngrams = ngrams;
        this.maxCellChars = maxCellChars;
        if (this.idf.size() != this.vocabulary.size()) {
            throw new IllegalArgumentException(column + ": %d idf values for %d terms"
                    .formatted(this.idf.size(), this.vocabulary.size()));
        }
        this.positions = new HashMap<>();
        for (int index = 0; index < this.vocabulary.size(); index++) {
            double weight = this.idf.get(index);
            if (!(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException(column + ": idf must be positive and finite: " + weight);
            }
            if (positions.put(this.vocabulary.get(index), index) != null) {
                throw new IllegalArgumentException(column + ": duplicate term '" + this.vocabulary.get(index) + "'");
            }
        }
    }

    /** Fits the vocabulary and idf on the values of the column at {@code index} in the training rows. */
    public static TfidfEncoder fit(String column, List<Object[]> rows, int index, PreprocessingOptions options) {
        boolean lenient = options.invalidValues() == PreprocessingOptions.InvalidValues.MISSING;
        CellReport.Counter counter = new CellReport.Counter();
        Map<String, Long> documentFrequencies = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            String text = read(rows.get(row)[index], column, row, lenient, counter);
            if (text != null) {
                Map<String, Integer> counts = new HashMap<>();
                terms(text, options.textMaxCellChars(), options.textNgrams(),
                        term -> counts.merge(term, 1, Integer::sum));
                counts.forEach((term, count) -> {
                    documentFrequencies.merge(term, 1L, Long::sum);
                    totals.merge(term, (long) count, Long::sum);
                });
            }
        }
        List<String> vocabulary = totals.entrySet().stream()
                .filter(entry -> documentFrequencies.get(entry.getKey()) >= options.textMinDocumentFrequency())
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(options.textMaxFeatures())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        double documents = rows.size();
        List<Double> idf = vocabulary.stream()
                .map(term -> Math.log((1 + documents) / (1 + documentFrequencies.get(term))) + 1)
                .toList();
        return new TfidfEncoder(column, options.textNgrams(), options.textMaxCellChars(), vocabulary, idf, lenient,
                counter.report());
    }

    /**
     * Calls {@code sink} with every term occurrence of the first {@code maxChars} characters of {@code text}: each
     * token, then each n-gram up to {@code ngrams} tokens, in text order.
     */
    static void terms(String text, int maxChars, int ngrams, Consumer<String> sink) {
        int end = Math.min(text.length(), maxChars);
        String[] window = new String[ngrams];
        int seen = 0;
        int start = -1;
        for (int at = 0; at <= end; at++) {
            boolean word = at < end && isWordCharacter(text.charAt(at));
            if (word && start < 0) {
                start = at;
            }
            else if (!word && start >= 0) {
                if (at - start >= 2) {
                    System.arraycopy(window, 1, window, 0, ngrams - 1);
                    window[ngrams - 1] = text.substring(start, at).toLowerCase(Locale.ROOT);
                    seen++;
                    StringBuilder gram = new StringBuilder(window[ngrams - 1]);
                    sink.accept(gram.toString());
                    for (int length = 2; length <= Math.min(ngrams, seen); length++) {
                        gram.insert(0, ' ').insert(0, window[ngrams - length]);
                        sink.accept(gram.toString());
                    }
                }
                start = -1;
            }
        }
    }

    private static boolean isWordCharacter(char character) {
        return Character.isLetterOrDigit(character) || character == '_';
    }

    private static String read(Object cell, String column, int row, boolean lenient, CellReport.Counter counter) {
        if (cell == null) {
            if (counter != null) {
                counter.missing();
            }
            return null;
        }
        if (cell instanceof String text) {
            return text;
        }
        if (!lenient) {
            InputCells.string(cell, column, row);
        }
        if (counter != null) {
            counter.unparsable();
        }
        return null;
    }

    @Override
    @JsonProperty("column")
    public String column() {
        return column;
    }

    @JsonProperty("ngrams")
    public int ngrams() {
        return ngrams;
    }

    @JsonProperty("maxCellChars")
    public int maxCellChars() {
        return maxCellChars;
    }

    /** The terms in feature order. */
    @JsonProperty("vocabulary")
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** Each term's inverse document frequency, in feature order. */
    @JsonProperty("idf")
    public List<Double> idf() {
        return idf;
    }

    @JsonProperty("invalidAsMissing")
    public boolean invalidAsMissing() {
        return invalidAsMissing;
    }

    @JsonProperty("report")
    public CellReport report() {
        return report;
    }

    @Override
    public int width() {
        return vocabulary.size();
    }

    @Override
    public void encode(Object cell, double[] features, int offset, int row) {
        for (int index = offset; index < offset + vocabulary.size(); index++) {
            features[index] = 0;
        }
        String text = read(cell, column, row, invalidAsMissing, null);
        if (text == null) {
            return;
        }
        terms(text, maxCellChars, ngrams, term -> {
            Integer position = positions.get(term);
            if (position != null) {
                features[offset + position] += idf.get(position);
            }
        });
        double squares = 0;
        for (int index = offset; index < offset + vocabulary.size(); index++) {
            squares += features[index] * features[index];
        }
        if (squares > 0) {
            double norm = Math.sqrt(squares);
            for (int index = offset; index < offset + vocabulary.size(); index++) {
                features[index] /= norm;
            }
        }
    }

    @Override
    public String description() {
        String idfRange = idf.isEmpty()
                ? "none"
                : "[" + DisplayNumbers.format(idf.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                        + ", " + DisplayNumbers.format(idf.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
                        + "]";
        String counted = report.missing() > 0 ? ", " + report.missing() + " missing" : "";
        return "%s: text, tf-idf over 1..%d-grams, vocabulary %d terms, idf range %s, first %d chars per cell%s%s"
                .formatted(column, ngrams, vocabulary.size(), idfRange, maxCellChars, counted,
                        report.describe(invalidAsMissing));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TfidfEncoder that
                && column.equals(that.column)
                && ngrams == that.ngrams
                && maxCellChars == that.maxCellChars
                && vocabulary.equals(that.vocabulary)
                && idf.equals(that.idf)
                && invalidAsMissing == that.invalidAsMissing
                && report.equals(that.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, ngrams, maxCellChars, vocabulary, idf, invalidAsMissing, report);
    }

    @Override
    public String toString() {
        return "TfidfEncoder[column=" + column + ", ngrams=" + ngrams + ", vocabulary=" + vocabulary.size()
                + " terms]";
    }
}
