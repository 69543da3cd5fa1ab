package dev.marquee.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads and writes the JSON body of Open Inference Protocol v2 infer calls. Every malformed request is an
 * INVALID_ARGUMENT naming the field; a declared shape is checked against {@code maxElements} before anything is
 * allocated for it. Thread-safe.
 */
public final class OipJsonCodec {
    private final ObjectMapper mapper = Json.newObjectMapper();
    private final OipJsonRequestReader requestReader;

    /** @param maxElements most elements one request may carry over all its inputs */
    public OipJsonCodec(long maxElements) {
        if (maxElements <= 0) {
            throw new IllegalArgumentException("maxElements must be positive: " + maxElements);
        }
        this.requestReader = new OipJsonRequestReader(mapper, maxElements);
    }

    /** Reads an infer request body; every problem is an INVALID_ARGUMENT naming the field. */
    public InferenceRequest readRequest(byte[] body) {
        return requestReader.read(body);
    }

    public byte[] writeResponse(InferenceResponse response) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = mapper.getFactory().createGenerator(buffer)) {
            generator.writeStartObject();
            generator.writeStringField("model_name", response.modelName());
            generator.writeStringField("model_version", response.modelVersion());
            if (response.id().isPresent()) {
                generator.writeStringField("id", response.id().get());
            }
            if (!response.parameters().isEmpty()) {
                generator.writeObjectFieldStart("parameters");
                for (Map.Entry<String, Object> parameter : response.parameters().entrySet()) {
                    generator.writeFieldName(parameter.getKey());
                    generator.writeObject(parameter.getValue());
                }
                generator.writeEndObject();
            }
            generator.writeArrayFieldStart("outputs");
            for (InferenceTensor tensor : response.outputs()) {
                writeTensor(generator, tensor);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeTensor(JsonGenerator generator, InferenceTensor tensor) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("name", tensor.name());
        generator.writeStringField("datatype", tensor.datatype().name());
        generator.writeArrayFieldStart("shape");
        for (long dimension : tensor.shape()) {
            generator.writeNumber(dimension);
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("data");
        switch (tensor.data()) {
            case TensorData.Numbers numbers -> {
                for (double value : numbers.values()) {
                    switch (tensor.datatype()) {
                        case FP32, FP16 -> generator.writeNumber((float) value);
                        case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> generator.writeNumber((long) value);
                        case UINT64 -> generator.writeNumber(new BigDecimal(value).toBigInteger());
                        case FP64, BOOL, BYTES -> generator.writeNumber(value);
                    }
                }
            }
            case TensorData.Booleans booleans -> {
                for (boolean value : booleans.values()) {
                    generator.writeBoolean(value);
                }
            }
            case TensorData.Strings strings -> {
                for (String value : strings.values()) {
                    generator.writeString(value);
                }
            }
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }
}
