package dev.marquee.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Creates the JSON mapper configuration every Marquee component uses, so all of them read and write alike. */
public final class Json {
    private Json() {}

    /**
     * Parses a caller's request body; malformed JSON is an INVALID_ARGUMENT quoting the parser's complaint. An empty
     * body reads as a missing node.
     */
    public static JsonNode readRequestBody(ObjectMapper mapper, byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            return node == null ? mapper.missingNode() : node;
        } catch (JsonProcessingException e) {
            throw MarqueeException.invalid("request body is not valid JSON: %s", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new mapper that understands {@code Optional*}, {@code java.time} (ISO-8601 text) and records. Decimal numbers
     * are parsed with Jackson's fast (still correctly rounded) parser: OIP request bodies are mostly numbers.
     */
    public static ObjectMapper newObjectMapper() {
        JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
        return new ObjectMapper(factory)
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
