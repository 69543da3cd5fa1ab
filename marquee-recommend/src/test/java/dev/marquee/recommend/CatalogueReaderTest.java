package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogueReaderTest {
    private static final MaturityScale SCALE = MaturityScale.motionPicture();

    @Test
    void readsEveryColumnWithQuotedTitles() throws IOException {
        Catalogue catalogue = read("""
                id,title,genres,release_date,maturity,availability
                m1,"Heat, the \"\"movie\"\"",Action|Crime,1995-12-15,R,US:2024-01-01..2025-01-01;gb:2024-06-01..
                m2,Toy Story,,,,
                """);

        assertThat(catalogue.size()).isEqualTo(2);
        CatalogueItem heat = catalogue.item("m1").orElseThrow();
        assertThat(heat.title()).isEqualTo("Heat, the \"movie\"");
        assertThat(heat.genres()).containsExactlyInAnyOrder("Action", "Crime");
        assertThat(heat.releaseDate()).contains(LocalDate.of(1995, 12, 15));
        assertThat(heat.maturity()).contains("R");
        assertThat(heat.availability()).containsExactly(
                new AvailabilityWindow("US", LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)),
                new AvailabilityWindow("GB", LocalDate.of(2024, 6, 1), LocalDate.MAX));
        CatalogueItem toyStory = catalogue.item("m2").orElseThrow();
        assertThat(toyStory.genres()).isEmpty();
        assertThat(toyStory.releaseDate()).isEmpty();
        assertThat(toyStory.maturity()).isEmpty();
        assertThat(toyStory.availability()).isEmpty();
        assertThat(catalogue.item("m3")).isEmpty();
    }

    @Test
    void columnsMayComeInAnyOrderAndOnlyIdIsRequired() throws IOException {
        Catalogue catalogue = read("maturity,id\nPG,a\n\n,b\n");

        assertThat(catalogue.items()).extracting(CatalogueItem::id).containsExactly("a", "b");
        assertThat(catalogue.item("a").orElseThrow().maturity()).contains("PG");
        assertThat(catalogue.item("a").orElseThrow().title()).isEmpty();
    }

    @Test
    void windowsStartInclusiveEndExclusiveAndStarMeansEveryRegion() {
        AvailabilityWindow window = new AvailabilityWindow("*", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1));

        assertThat(window.covers("US", LocalDate.of(2024, 1, 1))).isTrue();
        assertThat(window.covers("FR", LocalDate.of(2024, 1, 31))).isTrue();
        assertThat(window.covers("US", LocalDate.of(2024, 2, 1))).isFalse();
        assertThat(window.covers("US", LocalDate.of(2023, 12, 31))).isFalse();
    }

    @Test
    void rejectsBadInputNamingTheLine() {
        String header = "id,title,genres,release_date,maturity,availability\n";
        expectInvalid("", "empty");
        expectInvalid("id,director\n", "line 1: unknown column 'director'");
        expectInvalid("title\n", "line 1: the header must name the column id");
        expectInvalid("id,id\n", "line 1: column 'id' appears twice");
        expectInvalid(header + "a,A,x,2024-01-01,G,\nb,B\n", "line 3: expected 6 fields, found 2");
        expectInvalid(header + "a,A,x,2024-13-01,G,\n", "line 2: release_date date '2024-13-01'");
        expectInvalid(header + "a,A,x,,XXX,\n", "line 2: maturity 'XXX' is not on the scale");
        expectInvalid(header + "a,A,x,,,US2024-01-01..\n", "line 2: availability window 'US2024-01-01..'");
        expectInvalid(header + "a,A,x,,, :2024-01-01..\n", "line 2: availability window ':2024-01-01..'");
        expectInvalid(header + "a,A,x,,,US:2024-01-01\n", "line 2: availability window 'US:2024-01-01'");
        expectInvalid(header + "a,A,x,,,US:2024-02-01..2024-02-01\n", "line 2: availability window");
        expectInvalid(header + "a,A,x,,,US:yesterday..\n", "line 2: availability date 'yesterday'");
        expectInvalid(header + ",A,x,,,\n", "line 2: id must not be empty");
        expectInvalid(header + "a,A,x,,,\n\nb,B,,,,\na,C,,,,\n", "line 5: item 'a' already appears on line 2");
        expectInvalid(header + "a,\"A,x,,,\n", "line 2: a quoted field is not closed");
        expectInvalid(header + "a,\"A\"x,,,,\n", "line 2: unexpected text after a quoted field");
        expectInvalid(header + "a,A\"x,,,,\n", "line 2: a quote inside an unquoted field");
    }

    @Test
    void catalogueRejectsRepeatedIdsAndRatingsOffTheScale() {
        CatalogueItem item = new CatalogueItem("a", "", Set.of(), Optional.empty(), Optional.of("PG"), List.of());
        assertThatThrownBy(() -> Catalogue.of(SCALE, List.of(item, item))).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> Catalogue.of(new MaturityScale(List.of("0", "12", "18")), List.of(item)))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("maturity 'PG' is not on the scale");
        assertThatThrownBy(() -> new MaturityScale(List.of("G", "G"))).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void malformedInputIsAlwaysAnInvalidArgument() {
        // Fragments of valid and invalid fields, glued with commas or quotes in random ways.
        List<String> fragments = List.of("", "a", "b", "G", "PG", "X", "2024-01-01", "2024-02-30",
                "US:2024-01-01..", "*:2024-01-01..2025-01-01", "US:2025-01-01..2024-01-01", "Action|Crime", "|",
                "\"x,y\"", "\"", ",", ";", ":", "..", " ");
        SplittableRandom random = new SplittableRandom(42);
        int accepted = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            StringBuilder text = new StringBuilder("id,title,genres,release_date,maturity,availability\n");
            int fields = 4 + random.nextInt(4);
            for (int field = 0; field < fields; field++) {
                if (field > 0) {
                    text.append(',');
                }
                text.append(fragments.get(random.nextInt(fragments.size())));
                if (random.nextInt(4) == 0) {
                    text.append(fragments.get(random.nextInt(fragments.size())));
                }
            }
            text.append('\n');
            try {
                read(text.toString());
                accepted++;
            } catch (MarqueeException error) {
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(error.getMessage()).startsWith("line 2: ");
            } catch (IOException error) {
                throw new AssertionError(error);
            }
        }
        // The generator must reach the accepting paths too.
        assertThat(accepted).isPositive();
    }

    private static void expectInvalid(String text, String message) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOfSatisfying(MarqueeException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    private static Catalogue read(String text) throws IOException {
        return CatalogueReader.read(new StringReader(text), SCALE);
    }
}
