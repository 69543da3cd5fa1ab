package dev.marquee.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.marquee.core.Algorithms;
import dev.marquee.core.ArtifactParts;
import dev.marquee.core.Column;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Exports a Marquee-trained tabular model, its fitted preprocessing included, as one ONNX model (opset 17 and
 * ONNX-ML opset 3) that ONNX Runtime scores with the same results as Marquee.
 *
 * <p>Graph inputs: one {@code [N, 1]} tensor per model input, named after the column (see {@link PipelineGraph} for
 * the element types and how a missing value is written). Graph outputs: classification {@value #LABEL_OUTPUT}
 * (STRING {@code [N]}, the most probable class, the first on a tie) and {@value #PROBABILITIES_OUTPUT} (DOUBLE
 * {@code [N, classes]} in the manifest's class order); regression {@value #VALUE_OUTPUT} (DOUBLE {@code [N]}).
 * Stateless and thread-safe.
 */
public final class OnnxExport {
    public static final String LABEL_OUTPUT = "label";
    public static final String PROBABILITIES_OUTPUT = "probabilities";
    public static final String VALUE_OUTPUT = "value";
    /** The media type of an exported model. */
    public static final String MEDIA_TYPE = "application/octet-stream";

    private static final List<String> OUTPUTS = List.of(LABEL_OUTPUT, PROBABILITIES_OUTPUT, VALUE_OUTPUT);

    private OnnxExport() {}

    /**
     * Exports a model artifact, reading it with the {@linkplain Algorithms#installed() installed} algorithms.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the algorithm, column or step that ONNX cannot express, and
     *     as {@link ModelArtifacts#readParts} for an unreadable artifact
     */
    public static byte[] export(byte[] artifact) {
        return export(ModelArtifacts.readParts(artifact, Algorithms.installed()));
    }

    /**
     * Exports the parts of a model artifact.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the algorithm, column or step that ONNX cannot express
     */
    public static byte[] export(ArtifactParts parts) {
        requireNonNull(parts, "parts is null");
        ModelManifest manifest = parts.manifest();
        List<String> columns = manifest.inputs().stream().map(Column::name).toList();
        for (String output : OUTPUTS) {
            if (columns.contains(output)) {
                throw MarqueeException.invalid(
                        "cannot export to ONNX: input column '%s' has the name of a graph output %s", output, OUTPUTS);
            }
        }
        Set<String> reserved = new HashSet<>(columns);
        reserved.addAll(OUTPUTS);
        OnnxGraph graph = new OnnxGraph("marquee_" + manifest.algorithm(), reserved);
        String features = PipelineGraph.features(graph, parts.pipeline());
        OutputSchema output = manifest.output();
        String scores = ModelGraphs.outputs(graph, features, parts.model(), output.task());
        switch (output.task()) {
            case REGRESSION -> {
                graph.node("", "Reshape", List.of(scores, graph.longs("flat", new long[] {-1}, 1)),
                        List.of(VALUE_OUTPUT), Map.of());
                graph.output(VALUE_OUTPUT, TensorProto.DataType.DOUBLE_VALUE, List.of(-1L));
            }
            case CLASSIFICATION -> {
                graph.node("", "Identity", List.of(scores), List.of(PROBABILITIES_OUTPUT), Map.of());
                String best = graph.op("ArgMax", List.of(scores), Map.of("axis", 1L, "keepdims", 0L));
                graph.node("", "Gather",
                        List.of(graph.strings("classes", output.classes(), output.classes().size()), best),
                        List.of(LABEL_OUTPUT), Map.of("axis", 0L));
                graph.output(LABEL_OUTPUT, TensorProto.DataType.STRING_VALUE, List.of(-1L));
                graph.output(PROBABILITIES_OUTPUT, TensorProto.DataType.DOUBLE_VALUE,
                        List.of(-1L, (long) output.classes().size()));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("marquee.algorithm", manifest.algorithm());
        metadata.put("marquee.task", output.task().name().toLowerCase(java.util.Locale.ROOT));
        metadata.put("marquee.target", output.target());
        metadata.put("marquee.classes", String.join(",", output.classes()));
        metadata.put("marquee.inputs", manifest.inputs().stream()
                .map(column -> column.name() + ":" + column.type().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(",")));
        return graph.toBytes(manifest.provenance().marqueeVersion(), metadata);
    }
}
