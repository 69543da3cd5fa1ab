package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the registry knows of a model a user uploaded rather than trained: derived from the file when it was checked
 * on upload. Uploaded models have no training metrics and no data provenance; the version's {@code created_at},
 * {@code artifact_sha256} (the file's own SHA-256, since the file is stored as it is) and this record's
 * {@code uploadedBy} are their provenance.
 *
 * @param platform the Open Inference Protocol platform serving it, e.g. {@code onnxruntime_onnx}
 * @param inputs the tensors it takes
 * @param outputs the tensors it gives
 * @param uploadedBy the id of the API key that uploaded it
 * @param properties what else the file says (producer, opset, objective, feature count...), in a stable order
 */
public record UploadedModel(
        String platform,
        List<TensorSignature> inputs,
        List<TensorSignature> outputs,
        String uploadedBy,
        Map<String, String> properties) {
    public UploadedModel {
        requireNonNull(platform, "platform is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        requireNonNull(uploadedBy, "uploadedBy is null");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(properties, "properties is null")));
    }
}
