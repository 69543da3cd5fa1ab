package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {
    @TempDir
    Path directory;

    private int files;

    @Test
    void readsQuotedCellsWithCommasEscapedQuotesAndLineBreaks() {
        Path csv = csv("name,quote\n\"Smith, J\",\"she said \"\"hi\"\"\nand left\"\n");

        Table table = CsvDatasets.read(csv, CsvLimits.DEFAULT);

        assertThat(table.columnNames()).containsExactly("name", "quote");
        assertThat(table.rows()).singleElement()
                .satisfies(row -> assertThat(row).containsExactly("Smith, J", "she said \"hi\"\nand left"));
    }

    @Test
    void acceptsCrlfLineEndsAndByteOrderMark() {
        byte[] body = "a,b\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        Table table = CsvDatasets.read(csv(withBom), CsvLimits.DEFAULT);

        assertThat(table.columnNames()).containsExactly("a", "b");
        assertThat(table.rows()).extracting(row -> String.join("|", row)).containsExactly("1|2", "3|4");
    }

    @Test
    void acceptsLastLineWithoutLineEndAndTrailingEmptyLines() {
        assertThat(CsvDatasets.read(csv("a,b\n1,2"), CsvLimits.DEFAULT).rows()).hasSize(1);
        assertThat(CsvDatasets.read(csv("a,b\n1,2\n\n\r\n"), CsvLimits.DEFAULT).rows()).hasSize(1);
    }

    @Test
    void normalisesMissingMarkersToEmptyCells() {
        Table table = CsvDatasets.read(csv("a,b,c,d,e,f\nNA,n/a,null,NaN, ,x\n"), CsvLimits.DEFAULT);

        assertThat(table.rows().getFirst()).containsExactly("", "", "", "", "", "x");
    }

    @Test
    void rejectsEmptyFile() {
        assertRejected(csv(""), "CSV is empty");
        assertRejected(csv("\n\n"), "CSV is empty");
    }

    @Test
    void rejectsHeaderWithoutDataRows() {
        assertRejected(csv("a,b\n"), "CSV has a header but no data rows");
    }

    @Test
    void rejectsRaggedRowNamingItsLineAfterAnEmbeddedLineBreak() {
        assertRejected(csv("a,b\n\"x\ny\",1\n2\n"), "line 4: expected 2 cells, found 1");
        assertRejected(csv("a,b\n1,2,3\n"), "line 2: expected 2 cells, found 3");
    }

    @Test
    void rejectsDuplicateOrEmptyColumnNames() {
        assertRejected(csv("a,b,a\n1,2,3\n"), "line 1: duplicate column name 'a' (columns 1 and 3)");
        assertRejected(csv("a,,c\n1,2,3\n"), "line 1: column 2 has an empty name");
    }

    @Test
    void rejectsUnterminatedQuoteNamingTheLineWhereItOpened() {
        assertRejected(csv("a,b\n1,2\n3,\"open\n\n"), "line 3: quoted cell in column 'b' is not terminated");
    }

    @Test
    void rejectsCharactersAfterClosingQuote() {
        assertRejected(csv("a,b\n\"x\"y,2\n"), "line 2: unexpected character after the closing quote of column 'a'");
    }

    @Test
    void rejectsInvalidUtf8NamingTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("a,b\n1,é\n2,".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.write(0x28);
        bytes.writeBytes("\n".getBytes(StandardCharsets.UTF_8));

        assertRejected(csv(bytes.toByteArray()), "invalid UTF-8 at line 3");
    }

    @Test
    void reportsInvalidUtf8AtTheRightLineFarBeyondTheDecodeBuffer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,word\n".getBytes(StandardCharsets.UTF_8));
        for (int row = 0; row < 20_000; row++) {
            bytes.writeBytes((row + ",été😀\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("x,".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);

        assertThat(bytes.size()).isGreaterThan(4 * (1 << 16));
        assertRejected(csv(bytes.toByteArray()), "invalid UTF-8 at line 20002");
    }

    @Test
    void rejectsCellOverTheByteLimitCountingUtf8Bytes() {
        CsvLimits limits = new CsvLimits(10, 8, 100);

        assertThat(CsvDatasets.read(csv("a\n12345678\n"), limits).rows()).hasSize(1);
        assertRejected(csv("a\n123456789\n"), limits, "line 2: cell in column 'a' exceeds the limit of 8 bytes");
        // Five two-byte characters: 5 characters but 10 bytes.
        assertRejected(csv("a\néééé\nééééé\n"), limits, "line 3: cell in column 'a' exceeds the limit of 8 bytes");
    }

    @Test
    void rejectsTooManyColumnsOrRows() {
        assertRejected(
                csv("a,b,c\n1,2,3\n"), new CsvLimits(2, 100, 100), "line 1: more than 2 cells, the column limit");
        assertRejected(csv("a\n1\n2\n3\n"), new CsvLimits(2, 100, 2), "line 4: more than 2 data rows, the limit");
    }

    @Test
    void readsBackAnyQuotedTableUnchanged() {
        Random random = new Random(20240501);
        String[] pieces = {"a", "Z9", ",", "\"", "\n", "\r\n", " ", "é", "😀", "x y", "-1.5"};
        for (int trial = 0; trial < 300; trial++) {
            int columns = 2 + random.nextInt(4);
            int rows = 1 + random.nextInt(6);
            List<String> header = IntStream.range(0, columns).mapToObj(column -> "c" + column).toList();
            List<String[]> expected = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
            String lineEnd = random.nextBoolean() ? "\n" : "\r\n";
            for (int row = 0; row < rows; row++) {
                String[] cells = new String[columns];
                for (int column = 0; column < columns; column++) {
                    StringBuilder cell = new StringBuilder();
                    for (int piece = random.nextInt(4); piece > 0; piece--) {
                        cell.append(pieces[random.nextInt(pieces.length)]);
                    }
                    cells[column] = cell.toString();
                }
                text.append(Arrays.stream(cells).map(CsvDatasetsTest::quoted).collect(Collectors.joining(",")))
                        .append(lineEnd);
                expected.add(Arrays.stream(cells)
                        .map(cell -> CellValues.isMissing(cell) ? "" : cell)
                        .toArray(String[]::new));
            }

            Table table = CsvDatasets.read(csv(text.toString()), CsvLimits.DEFAULT);

            assertThat(table.columnNames()).isEqualTo(header);
            assertThat(table.rows()).as("trial %d: %s", trial, text).hasSize(rows);
            for (int row = 0; row < rows; row++) {
                assertThat(table.rows().get(row)).as("trial %d row %d", trial, row).containsExactly(expected.get(row));
            }
        }
    }

    @Test
    void infersColumnTypesAndStatistics() {
        StringBuilder text = new StringBuilder("age,member,signup,city,review,nothing,flag\n");
        String[] cities = {"Paris", "Lyon", "Nice"};
        for (int row = 0; row < 40; row++) {
            String age = row == 3 ? "NA" : row == 4 ? "" : Integer.toString(20 + row);
            String member = row % 4 == 0 ? "TRUE" : "false";
            String signup = row == 0 ? "2024-01-01" : row == 1 ? "2024-01-02T12:00:00Z" : "2024-02-01 08:30:00";
            String review = "\"Review number %d says the show was wonderful, moving and long\"".formatted(row);
            text.append(String.join(",", age, member, signup, cities[row % 3], review, "", Integer.toString(row % 2)))
                    .append('\n');
        }

        DatasetProfile profile = CsvDatasets.profile(csv(text.toString()), CsvLimits.DEFAULT);

        assertThat(profile.rowCount()).isEqualTo(40);
        assertThat(profile.schema().columns()).extracting(Column::type).containsExactly(
                ColumnType.NUMERIC,
                ColumnType.BOOLEAN,
                ColumnType.TIMESTAMP,
                ColumnType.CATEGORICAL,
                ColumnType.TEXT,
                ColumnType.CATEGORICAL,
                ColumnType.NUMERIC);
        ColumnStatistics age = profile.statistics().get(0);
        assertThat(age.count()).isEqualTo(38);
        assertThat(age.missing()).isEqualTo(2);
        assertThat(age.min()).hasValue(20);
        assertThat(age.max()).hasValue(59);
        double ageSum = IntStream.range(0, 40).filter(row -> row != 3 && row != 4).map(row -> 20 + row).sum();
        assertThat(age.mean().getAsDouble()).isCloseTo(ageSum / 38, within(1e-9));
        ColumnStatistics member = profile.statistics().get(1);
        assertThat(member.mean()).hasValue(0.25);
        assertThat(member.distinct()).isEqualTo(2);
        ColumnStatistics signup = profile.statistics().get(2);
        assertThat(signup.min()).hasValue(1_704_067_200);
        assertThat(signup.max()).hasValue(1_706_776_200);
        ColumnStatistics city = profile.statistics().get(3);
        assertThat(city.distinct()).isEqualTo(3);
        assertThat(city.min()).isEmpty();
        ColumnStatistics nothing = profile.statistics().get(5);
        assertThat(nothing.count()).isZero();
        assertThat(nothing.missing()).isEqualTo(40);
    }

    @Test
    void shortRepeatedPhrasesStayCategorical() {
        StringBuilder text = new StringBuilder("plan\n");
        for (int row = 0; row < 30; row++) {
            text.append(row % 2 == 0 ? "basic plan\n" : "premium plan\n");
        }

        DatasetProfile profile = CsvDatasets.profile(csv(text.toString()), CsvLimits.DEFAULT);

        assertThat(profile.schema().columns().getFirst().type()).isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void profileAndReadRejectTheSameDocuments() {
        Path ragged = csv("a,b\n1\n");
        assertThatThrownBy(() -> CsvDatasets.profile(ragged, CsvLimits.DEFAULT))
                .hasMessage("line 2: expected 2 cells, found 1");
        assertThatThrownBy(() -> CsvDatasets.read(ragged, CsvLimits.DEFAULT))
                .hasMessage("line 2: expected 2 cells, found 1");
    }

    @Test
    void capsTheDistinctCountAtTheTrackedMaximum() {
        ColumnProfiler profiler = new ColumnProfiler("id", 10);
        for (int value = 0; value < 100; value++) {
            profiler.accept("user-" + value);
        }

        assertThat(profiler.statistics().distinct()).isEqualTo(10);
        assertThat(profiler.statistics().count()).isEqualTo(100);
    }

    private static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }

    private void assertRejected(Path csv, String message) {
        assertRejected(csv, CsvLimits.DEFAULT, message);
    }

    private static void assertRejected(Path csv, CsvLimits limits, String message) {
        for (Function<Path, Object> parse : List.<Function<Path, Object>>of(
                path -> CsvDatasets.read(path, limits), path -> CsvDatasets.profile(path, limits))) {
            assertThatThrownBy(() -> parse.apply(csv))
                    .isInstanceOfSatisfying(MarqueeException.class, exception -> assertThat(exception.code())
                            .isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessage(message);
        }
    }

    private Path csv(String text) {
        return csv(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path csv(byte[] bytes) {
        try {
            return Files.write(directory.resolve("data-" + files++ + ".csv"), bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
