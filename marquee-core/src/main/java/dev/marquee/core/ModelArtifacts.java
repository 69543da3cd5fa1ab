package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Writes and reads model artifacts. An artifact is one UTF-8 JSON document carrying everything inference needs:
 *
 * <pre>{@code {"formatVersion": 1, "manifest": {...}, "pipeline": {...}, "model": {...}}}</pre>
 *
 * where {@code manifest} is the {@link ModelManifest}, {@code pipeline} the {@link FittedPipeline} and {@code model}
 * the algorithm's {@link FittedModel}. Readers accept every format version up to {@link #FORMAT_VERSION}, so an
 * artifact written by an older Marquee always loads. Stateless and thread-safe.
 */
public final class ModelArtifacts {
    /** The format version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private ModelArtifacts() {}

    /**
     * Serialises a trained model into artifact bytes.
     *
     * @throws IllegalArgumentException when the manifest's format version is not {@link #FORMAT_VERSION}
     */
    public static byte[] write(ModelManifest manifest, FittedPipeline pipeline, FittedModel model) {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(model, "model is null");
        if (manifest.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format version must be %d, was %d"
                    .formatted(FORMAT_VERSION, manifest.formatVersion()));
        }
        ObjectMapper mapper = Json.newObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.set("manifest", mapper.valueToTree(manifest));
        root.set("pipeline", mapper.valueToTree(pipeline));
        root.set("model", mapper.valueToTree(model));
        try {
            return mapper.writeValueAsBytes(root);
        }
        catch (JacksonException e) {
            throw new MarqueeException(ErrorCode.INTERNAL, "cannot serialise model artifact", e);
        }
    }

    /**
     * Reads only the manifest of an artifact.
     *
     * @throws MarqueeException DATA_CORRUPTED when the bytes are not an artifact; INVALID_ARGUMENT when the format
     *     version is newer than {@link #FORMAT_VERSION}
     */
    public static ModelManifest readManifest(byte[] artifact) {
        ObjectMapper mapper = Json.newObjectMapper();
        return manifest(mapper, root(mapper, artifact));
    }

    /**
     * Loads an artifact with the {@linkplain Algorithms#installed() installed} algorithms.
     *
     * @see #load(byte[], Algorithms)
     */
    public static LoadedModel load(byte[] artifact) {
        return load(artifact, Algorithms.installed());
    }

    /**
     * Loads an artifact into a model ready to score. Its {@link LoadedModel#predict} checks every row against the
     * manifest inputs and reports a bad cell as INVALID_ARGUMENT naming the input and the row index (0-based), e.g.
     * {@code "input 'age' row 3: NaN is not allowed"}.
     *
     * @throws MarqueeException DATA_CORRUPTED when the bytes are not an artifact or its parts disagree;
     *     INVALID_ARGUMENT when the format version is newer than {@link #FORMAT_VERSION} or its algorithm is not
     *     installed
     */
    public static LoadedModel load(byte[] artifact, Algorithms algorithms) {
        ArtifactParts parts = readParts(artifact, algorithms);
        return ArtifactModel.of(parts.manifest(), parts.pipeline(), parts.model());
    }

    /**
     * Reads the three parts of an artifact, checked against each other as {@link #load(byte[], Algorithms)} checks
     * them, for code that translates a model rather than scoring it (such as an ONNX export).
     *
     * @throws MarqueeException as {@link #load(byte[], Algorithms)}
     */
    public static ArtifactParts readParts(byte[] artifact, Algorithms algorithms) {
        requireNonNull(algorithms, "algorithms is null");
        ObjectMapper mapper = Json.newObjectMapper();
        JsonNode root = root(mapper, artifact);
        ModelManifest manifest = manifest(mapper, root);
        Algorithm algorithm = algorithms.find(manifest.algorithm()).orElseThrow(() -> MarqueeException.invalid(
                "model artifact needs algorithm '%s', which is not installed; installed algorithms are %s",
                manifest.algorithm(),
                algorithms.names()));
        FittedPipeline pipeline = part(mapper, root, "pipeline", FittedPipeline.class);
        FittedModel model = part(mapper, root, "model", algorithm.modelType());
        ArtifactModel checked = ArtifactModel.of(manifest, pipeline, model);
        return new ArtifactParts(checked.manifest(), checked.pipeline(), checked.model());
    }

    private static JsonNode root(ObjectMapper mapper, byte[] artifact) {
        requireNonNull(artifact, "artifact is null");
        JsonNode root;
        try {
            root = mapper.readTree(artifact);
        }
        catch (JacksonException e) {
            throw corrupted("model artifact is not valid JSON", e);
        }
        catch (IOException e) {
            throw corrupted("model artifact cannot be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new MarqueeException(ErrorCode.DATA_CORRUPTED, "model artifact is not a JSON object");
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() < 1) {
            throw new MarqueeException(ErrorCode.DATA_CORRUPTED, "model artifact lacks a valid 'formatVersion'");
        }
        if (version.intValue() > FORMAT_VERSION) {
            throw MarqueeException.invalid(
                    "model artifact format version %d is newer than the newest supported version %d; upgrade Marquee",
                    version.intValue(),
                    FORMAT_VERSION);
        }
        return root;
    }

    private static ModelManifest manifest(ObjectMapper mapper, JsonNode root) {
        return part(mapper, root, "manifest", ModelManifest.class);
    }

    private static <T> T part(ObjectMapper mapper, JsonNode root, String name, Class<T> type) {
        JsonNode node = root.get(name);
        if (node == null || !node.isObject()) {
            throw new MarqueeException(ErrorCode.DATA_CORRUPTED, "model artifact lacks '" + name + "'");
        }
        try {
            return mapper.treeToValue(node, type);
        }
        catch (JacksonException | IllegalArgumentException e) {
            throw corrupted("model artifact has an invalid '" + name + "'", e);
        }
    }

    private static MarqueeException corrupted(String message, Exception cause) {
        return new MarqueeException(ErrorCode.DATA_CORRUPTED, message + ": " + cause.getMessage(), cause);
    }
}
