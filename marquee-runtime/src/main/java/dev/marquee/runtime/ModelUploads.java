package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import dev.marquee.store.ModelFormat;
import dev.marquee.store.TensorSignature;
import dev.marquee.store.UploadedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Checks a model file a user uploads and derives what the registry records of it. The file is loaded exactly as the
 * serving runtime will load it (ONNX Runtime, XGBoost4J) and closed again, so a file that passes here serves. Stateless.
 */
public final class ModelUploads {
    private ModelUploads() {}

    /**
     * What the uploader may assert about an XGBoost file; each given value must agree with the file.
     *
     * @param objective e.g. {@code binary:logistic}
     * @param featureCount the number of features per row
     */
    public record Expectations(Optional<String> objective, OptionalInt featureCount) {
        public static final Expectations NONE = new Expectations(Optional.empty(), OptionalInt.empty());

        public Expectations {
            requireNonNull(objective, "objective is null");
            requireNonNull(featureCount, "featureCount is null");
        }
    }

    /** An upload that passed its checks: what to register. */
    public record Inspection(ModelFormat format, UploadedModel upload, ModelManifest manifest) {
        public Inspection {
            requireNonNull(format, "format is null");
            requireNonNull(upload, "upload is null");
            requireNonNull(manifest, "manifest is null");
        }
    }

    /**
     * Loads {@code file} as {@code format} and describes it. INVALID_ARGUMENT naming the problem when the file is not
     * a loadable model of that format, is a different kind of file, or disagrees with {@code expectations}.
     *
     * @param uploadedBy the uploading API key's id
     * @param marqueeVersion recorded in the manifest's provenance
     */
    public static Inspection inspect(
            ModelFormat format,
            byte[] file,
            Expectations expectations,
            String uploadedBy,
            String marqueeVersion,
            Instant uploadedAt) {
        requireNonNull(format, "format is null");
        requireNonNull(file, "file is null");
        requireNonNull(expectations, "expectations is null");
        requireNonNull(uploadedBy, "uploadedBy is null");
        requireNonNull(marqueeVersion, "marqueeVersion is null");
        requireNonNull(uploadedAt, "uploadedAt is null");
        if (!format.uploaded()) {
            throw MarqueeException.invalid("'format' must be onnx or xgboost; Marquee models come from training jobs");
        }
        ModelFormat detected = ArtifactFormats.detect(file);
        if (detected != format) {
            throw MarqueeException.invalid(
                    "the file is not an %s model: it looks like %s", format.wireName(), description(detected));
        }
        try (ServedModel model = ServedModels.load(format, file)) {
            Map<String, String> properties = new LinkedHashMap<>();
            List<Column> columns;
            OutputSchema output;
            switch (model) {
                case OnnxServedModel onnx -> {
                    properties.putAll(onnx.properties());
                    columns = onnx.inputSpecs().stream()
                            .map(spec -> new Column(spec.name(), columnType(spec.datatype())))
                            .toList();
                    output = new OutputSchema(onnx.outputSpecs().getFirst().name(), onnxTask(onnx), List.of());
                }
                case XgboostServedModel xgboost -> {
                    checkExpectations(xgboost, expectations);
                    properties.putAll(xgboost.properties());
                    columns = IntStream.range(0, xgboost.featureCount())
                            .mapToObj(feature -> new Column("f" + feature, ColumnType.NUMERIC))
                            .toList();
                    output = new OutputSchema(XgboostServedModel.OUTPUT, xgboost.task(), classes(xgboost));
                }
                default -> throw new IllegalStateException("unexpected model " + model.platform());
            }
            UploadedModel upload = new UploadedModel(
                    model.platform(), signatures(model.inputSpecs()), signatures(model.outputSpecs()), uploadedBy,
                    properties);
            ModelManifest manifest = new ModelManifest(
                    ModelArtifacts.FORMAT_VERSION,
                    format.wireName(),
                    properties,
                    columns,
                    output,
                    Map.of(),
                    List.of(),
                    new Provenance("", "", 0, marqueeVersion, "", uploadedAt));
            return new Inspection(format, upload, manifest);
        }
    }

    private static void checkExpectations(XgboostServedModel model, Expectations expectations) {
        expectations.objective().filter(objective -> !objective.equals(model.objective())).ifPresent(objective -> {
            throw MarqueeException.invalid(
                    "'objective' is %s but the XGBoost file's objective is %s", objective, model.objective());
        });
        if (expectations.featureCount().isPresent() && expectations.featureCount().getAsInt() != model.featureCount()) {
            throw MarqueeException.invalid(
                    "'feature_count' is %d but the XGBoost file has %d features",
                    expectations.featureCount().getAsInt(), model.featureCount());
        }
    }

    /** Class labels 0..k-1 of a classifier (XGBoost labels classes by index). */
    private static List<String> classes(XgboostServedModel model) {
        if (model.task() != Task.CLASSIFICATION) {
            return List.of();
        }
        int count = Math.max(2, Integer.parseInt(model.properties().getOrDefault("num_class", "0")));
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    /**
     * ONNX graphs do not say their task; one with a sequence-of-maps output (class probabilities) or an integer or
     * string output (labels) is taken for a classifier, any other for a regressor. Informational only.
     */
    private static Task onnxTask(OnnxServedModel model) {
        boolean classifier = model.outputSpecs().stream().anyMatch(spec -> spec.shape().equals(List.of(-1L, -1L))
                || spec.datatype() == Datatype.INT64
                || spec.datatype() == Datatype.BYTES);
        return classifier ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static ColumnType columnType(Datatype datatype) {
        return switch (datatype) {
            case BOOL -> ColumnType.BOOLEAN;
            case BYTES -> ColumnType.TEXT;
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64 -> ColumnType.NUMERIC;
        };
    }

    private static List<TensorSignature> signatures(List<TensorSpec> specs) {
        List<TensorSignature> signatures = new ArrayList<>(specs.size());
        for (TensorSpec spec : specs) {
            signatures.add(new TensorSignature(spec.name(), spec.datatype().name(), spec.shape()));
        }
        return signatures;
    }

    private static String description(ModelFormat format) {
        return switch (format) {
            case MARQUEE -> "a Marquee model artifact";
            case ONNX -> "an ONNX (protobuf) file";
            case XGBOOST -> "an XGBoost JSON/UBJSON model";
            case RECOMMENDER -> "a Marquee recommender artifact";
        };
    }
}
