package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams the records of an RFC 4180 CSV document: comma separator, double-quote quoting with {@code ""} escapes,
 * quoted cells that may hold commas and line breaks, CRLF or LF line ends, strict UTF-8 with an optional byte order
 * mark. Lines that are completely empty are skipped wherever they occur (as pandas does), so a trailing empty line is
 * harmless. A quote inside an unquoted cell is kept literally.
 *
 * <p>The first record is the header; {@link #header()} must be called before {@link #nextRow()}. Every violation of
 * the format or of the {@link CsvLimits} is a {@link ErrorCode#INVALID_ARGUMENT} naming the line. Not thread-safe.
 */
final class CsvReader implements Closeable {
    private static final int END = StrictUtf8Reader.END_OF_INPUT;
    private static final int NO_CHARACTER = -2;

    private final StrictUtf8Reader source;
    private final CsvLimits limits;
    private final StringBuilder cell = new StringBuilder();
    private final List<String> cells = new ArrayList<>();
    private List<String> header;
    private long line = 1;
    private long recordLine;
    private long rowCount;
    private int pushedBack = NO_CHARACTER;
    private long cellBytes;

    CsvReader(InputStream input, CsvLimits limits) {
        this.source = new StrictUtf8Reader(input);
        this.limits = requireNonNull(limits, "limits is null");
    }

    /** Reads and validates the header: at least one record, names non-blank and unique, within the column limit. */
    List<String> header() throws IOException {
        if (header != null) {
            throw new IllegalStateException("header already read");
        }
        if (!readRecord()) {
            throw MarqueeException.invalid("CSV is empty");
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int index = 0; index < cells.size(); index++) {
            String name = cells.get(index);
            if (name.isBlank()) {
                throw MarqueeException.invalid("line %d: column %d has an empty name", recordLine, index + 1);
            }
            Integer previous = positions.putIfAbsent(name, index);
            if (previous != null) {
                throw MarqueeException.invalid(
                        "line %d: duplicate column name '%s' (columns %d and %d)",
                        recordLine,
                        name,
                        previous + 1,
                        index + 1);
            }
        }
        header = List.copyOf(cells);
        return header;
    }

    /**
     * The next data row, exactly as many cells as the header, or empty at the end of the document.
     *
     * @throws MarqueeException when the document has no data row at all
     */
    Optional<String[]> nextRow() throws IOException {
        if (header == null) {
            throw new IllegalStateException("header not read");
        }
        if (!readRecord()) {
            if (rowCount == 0) {
                throw MarqueeException.invalid("CSV has a header but no data rows");
            }
            return Optional.empty();
        }
        if (cells.size() != header.size()) {
            throw MarqueeException.invalid(
                    "line %d: expected %d cells, found %d", recordLine, header.size(), cells.size());
        }
        if (rowCount == limits.maxRows()) {
            throw MarqueeException.invalid(
                    "line %d: more than %d data rows, the limit", recordLine, limits.maxRows());
        }
        rowCount++;
        return Optional.of(cells.toArray(String[]::new));
    }

    /** The line on which the most recently read record starts, 1 for the header. */
    long recordLine() {
        return recordLine;
    }

    /** Reads one non-blank record into {@link #cells}; false at the end of the document. */
    private boolean readRecord() throws IOException {
        int character = read();
        while (character == '\n' || character == '\r') {
            endLine(character);
            character = read();
        }
        if (character == END) {
            return false;
        }
        cells.clear();
        recordLine = line;
        while (true) {
            character = character == '"' ? readQuotedCell() : readUnquotedCell(character);
            addCell();
            if (character == ',') {
                character = read();
                continue;
            }
            if (character != END) {
                endLine(character);
            }
            return true;
        }
    }

    /** Reads a cell starting just after its opening quote; returns the character after the closing quote. */
    private int readQuotedCell() throws IOException {
        cell.setLength(0);
        cellBytes = 0;
        long openingLine = line;
        while (true) {
            int character = read();
            if (character == END) {
                throw MarqueeException.invalid(
                        "line %d: quoted cell in %s is not terminated", openingLine, columnLabel(cells.size()));
            }
            if (character == '"') {
                int next = read();
                if (next != '"') {
                    if (next != ',' && next != '\n' && next != '\r' && next != END) {
                        throw MarqueeException.invalid(
                                "line %d: unexpected character after the closing quote of %s",
                                line,
                                columnLabel(cells.size()));
                    }
                    return next;
                }
            }
            else if (character == '\n') {
                line++;
            }
            append(character);
        }
    }

    /** Reads an unquoted cell starting with {@code character}; returns the separator or line end after it. */
    private int readUnquotedCell(int character) throws IOException {
        cell.setLength(0);
        cellBytes = 0;
        while (character != ',' && character != '\n' && character != '\r' && character != END) {
            append(character);
            character = read();
        }
        return character;
    }

    private void append(int character) {
        cell.append((char) character);
        // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
        cellBytes += character < 0x80 ? 1 : character < 0x800 || Character.isSurrogate((char) character) ? 2 : 3;
        if (cellBytes > limits.maxCellBytes()) {
            throw MarqueeException.invalid(
                    "line %d: cell in %s exceeds the limit of %d bytes",
                    recordLine,
                    columnLabel(cells.size()),
                    limits.maxCellBytes());
        }
    }

    private void addCell() {
        if (cells.size() == limits.maxColumns()) {
            throw MarqueeException.invalid(
                    "line %d: more than %d cells, the column limit", recordLine, limits.maxColumns());
        }
        cells.add(cell.toString());
    }

    private void endLine(int lineEnd) throws IOException {
        if (lineEnd == '\r') {
            int next = read();
            if (next != '\n') {
                pushedBack = next;
            }
        }
        line++;
    }

    private int read() throws IOException {
        if (pushedBack != NO_CHARACTER) {
            int character = pushedBack;
            pushedBack = NO_CHARACTER;
            return character;
        }
        try {
            return source.read();
        }
        catch (CharacterCodingException e) {
            throw new MarqueeException(ErrorCode.INVALID_ARGUMENT, "invalid UTF-8 at line " + line, e);
        }
    }

    private String columnLabel(int index) {
        return header == null || index >= header.size()
                ? "column " + (index + 1)
                : "column '" + header.get(index) + "'";
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
