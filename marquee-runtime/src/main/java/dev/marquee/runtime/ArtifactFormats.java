package dev.marquee.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.store.ModelFormat;
import java.io.IOException;

/**
 * Tells from its bytes what kind of model an artifact is, so that the loaded-model cache, which knows artifacts by
 * SHA-256 only, loads each with the right runtime:
 *
 * <ul>
 *   <li>bytes starting with the recommender artifact magic: a {@link ModelFormat#RECOMMENDER} artifact;
 *   <li>a JSON object whose top level has {@code formatVersion} or {@code manifest}: a {@link ModelFormat#MARQUEE}
 *       artifact; one whose top level has {@code learner}: an {@link ModelFormat#XGBOOST} model;
 *   <li>any other document starting with {@code '{'} (after optional whitespace for JSON): XGBoost UBJSON;
 *   <li>anything else: an {@link ModelFormat#ONNX} {@code ModelProto}, whose protobuf encoding never starts with
 *       {@code '{'} or whitespace.
 * </ul>
 *
 * Detection never decides validity; the format's loader does. Stateless.
 */
public final class ArtifactFormats {
    private ArtifactFormats() {}

    /** The artifact's kind; INVALID_ARGUMENT for an empty artifact or a JSON document of no known kind. */
    public static ModelFormat detect(byte[] artifact) {
        if (artifact.length == 0) {
            throw MarqueeException.invalid("the model file is empty");
        }
        if (RecommenderArtifacts.isArtifact(artifact)) {
            return ModelFormat.RECOMMENDER;
        }
        if (isJson(artifact)) {
            return jsonKind(artifact);
        }
        return artifact[0] == '{' ? ModelFormat.XGBOOST : ModelFormat.ONNX;
    }

    /** Whether the bytes start like a JSON object: optional whitespace, {@code '{'}, whitespace, {@code '"'} or '}'. */
    public static boolean isJson(byte[] bytes) {
        int index = skipWhitespace(bytes, 0);
        if (index >= bytes.length || bytes[index] != '{') {
            return false;
        }
        index = skipWhitespace(bytes, index + 1);
        return index < bytes.length && (bytes[index] == '"' || bytes[index] == '}');
    }

    private static int skipWhitespace(byte[] bytes, int from) {
        int index = from;
        while (index < bytes.length && (bytes[index] == ' ' || bytes[index] == '\n' || bytes[index] == '\r' || bytes[index] == '\t')) {
            index++;
        }
        return index;
    }

    private static ModelFormat jsonKind(byte[] artifact) {
        ObjectMapper mapper = Json.newObjectMapper();
        try (JsonParser parser = mapper.getFactory().createParser(artifact)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                switch (field) {
                    case "formatVersion", "manifest" -> {
                        return ModelFormat.MARQUEE;
                    }
                    case "learner" -> {
                        return ModelFormat.XGBOOST;
                    }
                    default -> {
                        parser.nextToken();
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw MarqueeException.invalid("the model file is not valid JSON: %s", e.getMessage());
        }
        throw MarqueeException.invalid(
                "the JSON model file is neither a Marquee artifact ('formatVersion') nor an XGBoost model ('learner')");
    }
}
