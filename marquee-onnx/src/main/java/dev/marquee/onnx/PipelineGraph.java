package dev.marquee.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.marquee.core.BooleanEncoder;
import dev.marquee.core.CategoricalEncoder;
import dev.marquee.core.ColumnEncoder;
import dev.marquee.core.ColumnType;
import dev.marquee.core.DroppedColumn;
import dev.marquee.core.FittedPipeline;
import dev.marquee.core.HashedCategoricalEncoder;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.NumericEncoder;
import dev.marquee.core.PreprocessingOptions.TimestampFeatures;
import dev.marquee.core.TfidfEncoder;
import dev.marquee.core.TimestampEncoder;
import dev.marquee.core.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a {@link FittedPipeline} into ONNX nodes: one graph input per raw column, then each column's fitted step
 * in standard operators computed in double precision (so the features equal Marquee's bit for bit, apart from
 * {@code sin}/{@code cos} of the hour of day, which may differ from Java's in the last bit), concatenated into one
 * {@code [N, features]} DOUBLE tensor.
 *
 * <p>Inputs, all {@code [N, 1]}: NUMERIC DOUBLE, NaN for a missing value; BOOLEAN DOUBLE, 1 true, 0 false, NaN
 * missing; TIMESTAMP DOUBLE epoch seconds, NaN missing; CATEGORICAL STRING, the empty string for a missing value,
 * compared exactly (Marquee strips surrounding whitespace first; the graph does not); TEXT STRING. Hashed categoricals
 * and TF-IDF text cannot be expressed faithfully with ONNX operators and are refused.
 */
final class PipelineGraph {
    private static final double SECONDS_PER_DAY = 86_400;
    private static final int EPOCH_DAY_INDEX = 3;
    private static final int DAYS_PER_WEEK = 7;

    private PipelineGraph() {}

    /**
     * Adds the inputs and preprocessing nodes and returns the name of the {@code [N, features]} DOUBLE tensor.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the column and step when a step cannot be exported, or when
     *     the pipeline makes no features
     */
    static String features(OnnxGraph graph, FittedPipeline pipeline) {
        List<String> parts = new ArrayList<>();
        for (ColumnEncoder encoder : pipeline.encoders()) {
            switch (encoder) {
                case NumericEncoder numeric -> parts.addAll(numeric(graph, numeric));
                case BooleanEncoder bool -> parts.add(bool(graph, bool));
                case CategoricalEncoder categorical -> categorical(graph, categorical).ifPresent(parts::add);
                case TimestampEncoder timestamp -> parts.addAll(timestamp(graph, timestamp));
                case DroppedColumn dropped -> graph.input(dropped.column(), elementType(dropped.type()));
                case HashedCategoricalEncoder hashed -> throw notExportable(hashed.column(), "categorical_hashing",
                        "MurmurHash3 bucketing has no ONNX operator; train with categorical_encoding=one_hot");
                case TfidfEncoder tfidf -> throw notExportable(tfidf.column(), "text_tfidf",
                        "ONNX has no standard tokenizer matching Marquee's; train with text=drop");
            }
        }
        if (parts.isEmpty()) {
            throw MarqueeException.invalid("cannot export to ONNX: the model has no input features");
        }
        return parts.size() == 1 ? parts.getFirst() : graph.op("Concat", parts, Map.of("axis", 1L));
    }

    private static MarqueeException notExportable(String column, String step, String why) {
        return MarqueeException.invalid(
                "cannot export to ONNX: column '%s' uses preprocessing step '%s': %s", column, step, why);
    }

    static int elementType(ColumnType type) {
        return switch (type) {
            case NUMERIC, BOOLEAN, TIMESTAMP -> TensorProto.DataType.DOUBLE_VALUE;
            case CATEGORICAL, TEXT -> TensorProto.DataType.STRING_VALUE;
        };
    }

    private static List<String> numeric(OnnxGraph graph, NumericEncoder encoder) {
        String input = graph.input(encoder.column(), TensorProto.DataType.DOUBLE_VALUE);
        String missing = graph.op("IsNaN", input);
        String value = imputed(graph, input, missing, encoder.imputed(), encoder.clip(), encoder.range());
        String feature = graph.op("Div",
                graph.op("Sub", value, graph.scalar("center", encoder.center())),
                graph.scalar("scale", encoder.scale()));
        return encoder.missingIndicator()
                ? List.of(feature, indicator(graph, missing))
                : List.of(feature);
    }

    /** A missing value becomes {@code imputed}; a present one is clipped to the range when {@code clip}. */
    private static String imputed(
            OnnxGraph graph, String input, String missing, double imputed, boolean clip, Optional<ValueRange> range) {
        String present = input;
        if (clip) {
            ValueRange bounds = range.orElseThrow();
            present = graph.op("Max",
                    graph.op("Min", input, graph.scalar("maximum", bounds.maximum())),
                    graph.scalar("minimum", bounds.minimum()));
        }
        return graph.op("Where", missing, graph.scalar("imputed", imputed), present);
    }

    private static String indicator(OnnxGraph graph, String missing) {
        return graph.op("Cast", List.of(missing), Map.of("to", (long) TensorProto.DataType.DOUBLE_VALUE));
    }

    private static String bool(OnnxGraph graph, BooleanEncoder encoder) {
        String input = graph.input(encoder.column(), TensorProto.DataType.DOUBLE_VALUE);
        return graph.op("Where",
                graph.op("IsNaN", input), graph.scalar("most_frequent", encoder.mostFrequent() ? 1 : 0), input);
    }

    /**
     * One-hot over the kept categories plus the empty string (the missing marker) with unseen values all zeros, then
     * a matrix that keeps the category columns and sends the missing column to {@code missingAs}, if any.
     */
    private static Optional<String> categorical(OnnxGraph graph, CategoricalEncoder encoder) {
        String input = graph.input(encoder.column(), TensorProto.DataType.STRING_VALUE);
        List<String> categories = encoder.categories();
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        if (categories.contains("")) {
            throw notExportable(encoder.column(), "categorical",
                    "the empty string is a kept category but marks a missing value in the ONNX graph");
        }
        List<String> withMissing = new ArrayList<>(categories);
        withMissing.add("");
        int width = categories.size();
        String oneHot = graph.fresh("one_hot");
        graph.node(OnnxGraph.ML_DOMAIN, "OneHotEncoder", List.of(input), List.of(oneHot),
                Map.of("cats_strings", withMissing, "zeros", 1L));
        String flat = graph.op("Reshape", oneHot, graph.longs("one_hot_shape", new long[] {-1, width + 1}, 2));
        String doubles = graph.op("Cast", List.of(flat), Map.of("to", (long) TensorProto.DataType.DOUBLE_VALUE));
        double[] selection = new double[(width + 1) * width];
        for (int category = 0; category < width; category++) {
            selection[category * width + category] = 1;
        }
        encoder.missingAs().ifPresent(category -> selection[width * width + categories.indexOf(category)] = 1);
        return Optional.of(graph.op("MatMul", doubles, graph.doubles("one_hot_select", selection, width + 1, width)));
    }

    private static List<String> timestamp(OnnxGraph graph, TimestampEncoder encoder) {
        String input = graph.input(encoder.column(), TensorProto.DataType.DOUBLE_VALUE);
        String missing = graph.op("IsNaN", input);
        String seconds = imputed(graph, input, missing, encoder.imputed(), encoder.clip(), encoder.range());
        String scale = graph.scalar("scale", encoder.scale());
        List<String> features = new ArrayList<>();
        features.add(graph.op("Div", graph.op("Sub", seconds, graph.scalar("center", encoder.center())), scale));
        if (encoder.features() == TimestampFeatures.ALL) {
            features.add(graph.op("Div", graph.op("Sub", graph.scalar("latest", encoder.latest()), seconds), scale));
            String secondsPerDay = graph.scalar("seconds_per_day", SECONDS_PER_DAY);
            String twoPi = graph.scalar("two_pi", 2 * Math.PI);
            String days = graph.op("Floor", graph.op("Div", seconds, secondsPerDay));
            String secondOfDay = graph.op("Sub", seconds, graph.op("Mul", days, secondsPerDay));
            String hourAngle = graph.op("Div", graph.op("Mul", twoPi, secondOfDay), secondsPerDay);
            String week = graph.scalar("days_per_week", DAYS_PER_WEEK);
            String shifted = graph.op("Add", days, graph.scalar("epoch_day_index", EPOCH_DAY_INDEX));
            String zero = graph.scalar("zero", 0);
            features.add(graph.op("Where", missing, zero, graph.op("Sin", hourAngle)));
            features.add(graph.op("Where", missing, zero, graph.op("Cos", hourAngle)));
            // Seven days, seven angles: look up Java's own sin and cos of each, so that values that are equal in
            // theory but differ in the last bit (cos of days 3 and 4) match Marquee's and land on the same side of a
            // tree split between them.
            String weeks = graph.op("Floor", graph.op("Div", shifted, week));
            String dayIndex = graph.op("Cast", List.of(graph.op("Sub", shifted, graph.op("Mul", week, weeks))),
                    Map.of("to", (long) TensorProto.DataType.INT64_VALUE));
            double[] sines = new double[DAYS_PER_WEEK];
            double[] cosines = new double[DAYS_PER_WEEK];
            for (int day = 0; day < DAYS_PER_WEEK; day++) {
                double angle = 2 * Math.PI * day / DAYS_PER_WEEK;
                sines[day] = Math.sin(angle);
                cosines[day] = Math.cos(angle);
            }
            for (double[] table : List.of(sines, cosines)) {
                String looked = graph.op("Gather", List.of(graph.doubles("day_table", table, DAYS_PER_WEEK), dayIndex),
                        Map.of("axis", 0L));
                features.add(graph.op("Where", missing, zero, looked));
            }
        }
        if (encoder.missingIndicator()) {
            features.add(indicator(graph, missing));
        }
        return features;
    }
}
