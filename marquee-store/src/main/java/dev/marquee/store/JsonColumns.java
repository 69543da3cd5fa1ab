package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;

/** Writes and reads the JSON documents stored in TEXT columns, with Marquee's shared mapper configuration. */
final class JsonColumns {
    private final ObjectMapper mapper;

    JsonColumns(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    String write(Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException failure) {
            throw new MarqueeException(ErrorCode.INTERNAL, "cannot serialise " + what, failure);
        }
    }

    <T> T read(String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException failure) {
            throw unreadable(what, failure);
        }
    }

    <T> T read(String json, TypeReference<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException failure) {
            throw unreadable(what, failure);
        }
    }

    private static MarqueeException unreadable(String what, JsonProcessingException failure) {
        return new MarqueeException(ErrorCode.INTERNAL, "stored " + what + " cannot be read", failure);
    }
}
