package dev.marquee.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marquee.core.MarqueeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that bytes are one complete, well-formed Universal Binary JSON document (the format of XGBoost's
 * {@code .ubj} models) and reads its skeleton: objects, strings, scalars and untyped arrays as a Jackson tree, while
 * strongly typed arrays ({@code [$d#...}), which hold a model's bulk numbers, are checked for length and read as empty
 * arrays. XGBoost's own parser may abort the process on a truncated document, so every upload passes through here
 * first. Every length is checked against the bytes left before anything is allocated. Stateless.
 */
final class Ubjson {
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ByteBuffer input;

    private Ubjson(byte[] document) {
        this.input = ByteBuffer.wrap(document);
    }

    /** The document's skeleton; INVALID_ARGUMENT saying where when the bytes are not one whole UBJSON value. */
    static JsonNode readSkeleton(byte[] document) {
        Ubjson reader = new Ubjson(document);
        JsonNode root = reader.value(reader.marker(), 0);
        if (reader.input.hasRemaining()) {
            throw reader.malformed("%d bytes follow the end of the document", reader.input.remaining());
        }
        return root;
    }

    private JsonNode value(byte marker, int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed("nested deeper than %d levels", MAX_DEPTH);
        }
        return switch (marker) {
            case 'Z' -> NODES.nullNode();
            case 'T' -> NODES.booleanNode(true);
            case 'F' -> NODES.booleanNode(false);
            case 'i' -> NODES.numberNode(take(1).get());
            case 'U' -> NODES.numberNode(Byte.toUnsignedInt(take(1).get()));
            case 'I' -> NODES.numberNode(take(2).getShort());
            case 'l' -> NODES.numberNode(take(4).getInt());
            case 'L' -> NODES.numberNode(take(8).getLong());
            case 'd' -> NODES.numberNode(take(4).getFloat());
            case 'D' -> NODES.numberNode(take(8).getDouble());
            case 'C' -> NODES.textNode(Character.toString((char) Byte.toUnsignedInt(take(1).get())));
            case 'S', 'H' -> NODES.textNode(string());
            case '[' -> array(depth);
            case '{' -> object(depth);
            default -> throw malformed("unknown type marker 0x%02x", marker & 0xff);
        };
    }

    private JsonNode array(int depth) {
        Container container = container();
        ArrayNode array = NODES.arrayNode();
        if (container.count < 0) {
            byte marker;
            while ((marker = marker()) != ']') {
                if (marker != 'N') {
                    array.add(value(marker, depth + 1));
                }
            }
            return array;
        }
        int size = fixedSize(container.type);
        if (size >= 0) {
            skip(Math.multiplyExact(container.count, size));
            return array;
        }
        for (long index = 0; index < container.count; index++) {
            array.add(value(container.type == 0 ? marker() : container.type, depth + 1));
        }
        return array;
    }

    private JsonNode object(int depth) {
        Container container = container();
        ObjectNode object = NODES.objectNode();
        if (container.count < 0) {
            while (true) {
                byte marker = marker();
                if (marker == '}') {
                    return object;
                }
                if (marker == 'N') {
                    continue;
                }
                String key = string(marker);
                object.set(key, value(marker(), depth + 1));
            }
        }
        for (long index = 0; index < container.count; index++) {
            String key = string(marker());
            object.set(key, value(container.type == 0 ? marker() : container.type, depth + 1));
        }
        return object;
    }

    /** A container's optional {@code $type} and {@code #count}; count -1 when it ends with a marker instead. */
    private record Container(byte type, long count) {}

    private Container container() {
        if (!input.hasRemaining()) {
            throw malformed("the document ends inside a container");
        }
        byte type = 0;
        byte next = input.get(input.position());
        if (next == '$') {
            input.get();
            type = marker();
            next = input.hasRemaining() ? input.get(input.position()) : 0;
            if (next != '#') {
                throw malformed("a typed container lacks its '#' count");
            }
        }
        if (next == '#') {
            input.get();
            long count = length(marker());
            if (count > input.remaining() && fixedSize(type) != 0) {
                throw malformed("a container declares %d elements but only %d bytes are left", count, input.remaining());
            }
            return new Container(type, count);
        }
        return new Container(type, -1);
    }

    /** Bytes per element of a typed container without markers; 0 for payload-free types; -1 for others. */
    private static int fixedSize(byte type) {
        return switch (type) {
            case 'i', 'U', 'C' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            case 'Z', 'T', 'F', 'N' -> 0;
            default -> -1;
        };
    }

    private String string() {
        return string(marker());
    }

    private String string(byte lengthMarker) {
        long length = length(lengthMarker);
        ByteBuffer bytes = take(length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("a string is not valid UTF-8");
        }
    }

    private long length(byte marker) {
        long length = switch (marker) {
            case 'i' -> take(1).get();
            case 'U' -> Byte.toUnsignedInt(take(1).get());
            case 'I' -> take(2).getShort();
            case 'l' -> take(4).getInt();
            case 'L' -> take(8).getLong();
            default -> throw malformed("expected an integer length, found marker 0x%02x", marker & 0xff);
        };
        if (length < 0) {
            throw malformed("negative length %d", length);
        }
        return length;
    }

    private byte marker() {
        if (!input.hasRemaining()) {
            throw malformed("the document is truncated");
        }
        return input.get();
    }

    private ByteBuffer take(long count) {
        if (count > input.remaining()) {
            throw malformed("the document is truncated: %d bytes needed, %d left", count, input.remaining());
        }
        ByteBuffer slice = input.slice(input.position(), (int) count);
        input.position(input.position() + (int) count);
        return slice;
    }

    private void skip(long count) {
        take(count);
    }

    private MarqueeException malformed(String format, Object... arguments) {
        return MarqueeException.invalid(
                "not a valid UBJSON document at byte %d: %s", input.position(), format.formatted(arguments));
    }
}
