package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream as strict UTF-8, one character at a time, skipping a leading byte order mark. Unlike an
 * {@code InputStreamReader}, an invalid byte sequence is reported only once every valid character before it has been
 * read, so the caller knows exactly where in the text it is. Not thread-safe.
 */
final class StrictUtf8Reader implements Closeable {
    static final int END_OF_INPUT = -1;

    private static final int BUFFER_SIZE = 1 << 16;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final InputStream input;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private final CharBuffer characters = CharBuffer.allocate(BUFFER_SIZE).flip();
    private boolean inputExhausted;
    private boolean decoderFlushed;
    private boolean atStart = true;
    private CoderResult pendingError;

    StrictUtf8Reader(InputStream input) {
        this.input = requireNonNull(input, "input is null");
    }

    /**
     * The next character, or {@link #END_OF_INPUT}.
     *
     * @throws CharacterCodingException when the next bytes are not valid UTF-8
     */
    int read() throws IOException {
        if (!characters.hasRemaining()) {
            fill();
            if (!characters.hasRemaining()) {
                return END_OF_INPUT;
            }
        }
        char character = characters.get();
        if (atStart) {
            atStart = false;
            if (character == BYTE_ORDER_MARK) {
                return read();
            }
        }
        return character;
    }

    private void fill() throws IOException {
        characters.clear();
        try {
            while (characters.position() == 0 && !decoderFlushed) {
                if (pendingError != null) {
                    pendingError.throwException();
                }
                if (!inputExhausted) {
                    readBytes();
                }
                CoderResult result = decoder.decode(bytes, characters, inputExhausted);
                if (result.isError()) {
                    // Hand out the valid characters decoded so far first; fail when the reader reaches the bad bytes.
                    pendingError = result;
                }
                else if (inputExhausted && result.isUnderflow()) {
                    decoder.flush(characters);
                    decoderFlushed = true;
                }
            }
        }
        finally {
            characters.flip();
        }
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int count = input.read(bytes.array(), bytes.position(), bytes.remaining());
        if (count < 0) {
            inputExhausted = true;
        }
        else {
            bytes.position(bytes.position() + count);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
