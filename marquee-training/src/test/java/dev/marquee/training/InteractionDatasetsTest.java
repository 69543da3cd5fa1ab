package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.InteractionFormat;
import dev.marquee.recommend.Interactions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Uploads in every format become one canonical TSV; appends merge with the documented duplicate rule. */
class InteractionDatasetsTest {
    @Test
    void movieLensUploadBecomesCanonicalTsvThatReadsBackTheSame() {
        InteractionDatasets.Parsed parsed = InteractionDatasets.parse(
                bytes("1\t10\t5\t100\n1\t11\t3\t101\n2\t10\t4\t102\n1\t10\t2\t99\n"), InteractionFormat.MOVIELENS_100K);

        assertThat(new String(parsed.canonical(), StandardCharsets.UTF_8))
                .startsWith("user\titem\trating\ttimestamp\n1\t10\t5.0\t100\n");
        assertThat(parsed.summary().interactions()).isEqualTo(3);
        assertThat(parsed.summary().duplicates()).isEqualTo(1);
        assertThat(parsed.summary().sourceFormat()).isEqualTo("movielens_100k");
        Interactions back = InteractionDatasets.readCanonical(parsed.canonical());
        assertThat(back.size()).isEqualTo(3);
        assertThat(back.userCount()).isEqualTo(2);
        assertThat(back.hasTimestamps()).isTrue();
    }

    @Test
    void everyFormatNameParses() {
        assertThat(InteractionDatasets.format("format", "u.data")).isEqualTo(InteractionFormat.MOVIELENS_100K);
        assertThat(InteractionDatasets.format("format", "ratings.dat")).isEqualTo(InteractionFormat.MOVIELENS_1M);
        assertThat(InteractionDatasets.format("format", "FilmTrust")).isEqualTo(InteractionFormat.FILMTRUST);
        assertThatThrownBy(() -> InteractionDatasets.format("format", "parquet"))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("'format'")
                .hasMessageContaining("parquet");
    }

    @Test
    void badLineIsNamed() {
        assertThatThrownBy(() -> InteractionDatasets.parse(bytes("user,item\nu1,i1\nu2\n"), InteractionFormat.CSV))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void appendAddsNewUsersAndItemsAndMergesRepeatedPairs() {
        InteractionDatasets.Parsed first = InteractionDatasets.parse(
                bytes("user,item,timestamp\nu1,i1,10\nu1,i2,11\nu2,i1,12\n"), InteractionFormat.CSV);

        InteractionDatasets.Parsed next = InteractionDatasets.append(first.canonical(), first.summary(),
                bytes("user,item,timestamp\nu1,i1,20\nu3,i9,21\n"), InteractionFormat.CSV);

        assertThat(next.summary().interactions()).isEqualTo(4);
        assertThat(next.summary().users()).isEqualTo(3);
        assertThat(next.summary().items()).isEqualTo(3);
        assertThat(next.summary().duplicates()).isEqualTo(1);
        Interactions merged = next.interactions();
        int user = merged.userIndex("u1").orElseThrow();
        int item = merged.itemIndex("i1").orElseThrow();
        int position = merged.start(user);
        while (merged.itemAt(position) != item) {
            position++;
        }
        assertThat(merged.timestampAt(position)).isEqualTo(20);
    }

    @Test
    void appendWithOtherColumnsIsRefused() {
        InteractionDatasets.Parsed first = InteractionDatasets.parse(
                bytes("user,item,timestamp\nu1,i1,10\n"), InteractionFormat.CSV);

        assertThatThrownBy(() -> InteractionDatasets.append(first.canonical(), first.summary(),
                        bytes("user,item\nu1,i3\n"), InteractionFormat.CSV))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("same columns");
    }

    @Test
    void idWithTabFromCsvIsRefused() {
        assertThatThrownBy(() -> InteractionDatasets.parse(bytes("user,item\nu\t1,i1\n"), InteractionFormat.CSV))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("user id");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
