package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReaderTest {
    @Test
    void readsCsvWithHeaderInAnyColumnOrder() throws IOException {
        Interactions interactions = read("item,user,timestamp,rating\nm1,alice,100,4.5\nm2,alice,90,3\nm1,bob,50,1\n",
                InteractionFormat.CSV);

        assertThat(interactions.userCount()).isEqualTo(2);
        assertThat(interactions.itemCount()).isEqualTo(2);
        assertThat(interactions.hasRatings()).isTrue();
        assertThat(interactions.hasTimestamps()).isTrue();
        int alice = interactions.userIndex("alice").orElseThrow();
        int m2 = interactions.itemIndex("m2").orElseThrow();
        assertThat(interactions.userId(alice)).isEqualTo("alice");
        assertThat(interactions.itemId(m2)).isEqualTo("m2");
        int position = interactions.start(alice) + 1;
        assertThat(interactions.itemAt(position)).isEqualTo(m2);
        assertThat(interactions.ratingAt(position)).isEqualTo(3f);
        assertThat(interactions.timestampAt(position)).isEqualTo(90L);
        assertThat(interactions.userIndex("carol")).isEmpty();
    }

    @Test
    void readsImplicitTsvWithoutRatingsOrTimestamps() throws IOException {
        Interactions interactions = read("user\titem\nu1\ti1\nu1\ti2\n\nu2\ti2\n", InteractionFormat.TSV);

        assertThat(interactions.size()).isEqualTo(3);
        assertThat(interactions.hasRatings()).isFalse();
        assertThat(interactions.hasTimestamps()).isFalse();
        assertThatThrownBy(() -> interactions.ratingAt(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsMovieLensFormatsAndFilmTrust() throws IOException {
        Interactions hundredK = read("196\t242\t3\t881250949\n186\t302\t3\t891717742\n",
                InteractionFormat.MOVIELENS_100K);
        Interactions oneM = read("1::1193::5::978300760\n1::661::3::978302109\n", InteractionFormat.MOVIELENS_1M);
        Interactions filmTrust = read("1 1 2\n1 2 4\n2 1 0.5\n", InteractionFormat.FILMTRUST);

        assertThat(hundredK.userCount()).isEqualTo(2);
        assertThat(hundredK.timestampAt(0)).isEqualTo(881250949L);
        assertThat(oneM.count(0)).isEqualTo(2);
        assertThat(oneM.itemId(oneM.itemAt(0))).isEqualTo("1193");
        assertThat(filmTrust.size()).isEqualTo(3);
        assertThat(filmTrust.hasTimestamps()).isFalse();
        assertThat(filmTrust.ratingAt(filmTrust.start(1))).isEqualTo(0.5f);
    }

    @Test
    void readsFromPath(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("u.data");
        Files.writeString(file, "1\t10\t5\t1\n2\t10\t4\t2\n");

        assertThat(InteractionReader.read(file, InteractionFormat.MOVIELENS_100K).size()).isEqualTo(2);
    }

    @Test
    void keepsDuplicateEventOnceWithLatestTimestamp() throws IOException {
        Interactions interactions = read("user,item,rating,timestamp\nu,a,1,300\nu,a,5,100\nu,b,2,7\nu,a,3,200\n",
                InteractionFormat.CSV);

        assertThat(interactions.size()).isEqualTo(2);
        assertThat(interactions.itemsOf(0)).containsExactly(0, 1);
        assertThat(interactions.ratingAt(0)).isEqualTo(1f);
        assertThat(interactions.timestampAt(0)).isEqualTo(300L);
    }

    @Test
    void keepsLastDuplicateWithoutTimestamps() throws IOException {
        Interactions interactions = read("1 1 2\n1 1 2\n1 2 4\n1 1 3.5\n", InteractionFormat.FILMTRUST);

        assertThat(interactions.size()).isEqualTo(2);
        assertThat(interactions.ratingAt(0)).isEqualTo(3.5f);
    }

    @Test
    void rejectsNegativeRatingNamingTheLine() {
        assertInvalid("1 1 2\n\n1 2 -1\n", InteractionFormat.FILMTRUST, "line 3", "non-negative");
    }

    @Test
    void rejectsNonNumericRatingNamingTheLine() {
        assertInvalid("user,item,rating\nu,i,great\n", InteractionFormat.CSV, "line 2", "rating is not a number");
        assertInvalid("1::2::NaN::5\n", InteractionFormat.MOVIELENS_1M, "line 1", "finite");
    }

    @Test
    void rejectsNonIntegerTimestampNamingTheLine() {
        assertInvalid("1\t2\t3\t4\n1\t2\t3\tyesterday\n", InteractionFormat.MOVIELENS_100K, "line 2", "timestamp");
    }

    @Test
    void rejectsMalformedLines() {
        assertInvalid("1 2\n", InteractionFormat.FILMTRUST, "line 1", "expected 3 fields, found 2");
        assertInvalid("user,item\nu\n", InteractionFormat.CSV, "line 2", "expected 2 fields, found 1");
        assertInvalid("user,item\n,i\n", InteractionFormat.CSV, "line 2", "must not be empty");
        assertInvalid("1\t2\t3\n", InteractionFormat.MOVIELENS_100K, "line 1", "expected 4 fields");
    }

    @Test
    void rejectsBadHeaders() {
        assertInvalid("", InteractionFormat.CSV, "empty", "header");
        assertInvalid("user,item,score\n", InteractionFormat.CSV, "line 1", "unknown column 'score'");
        assertInvalid("user,rating\n", InteractionFormat.CSV, "line 1", "user and item");
        assertInvalid("user,item,user\n", InteractionFormat.CSV, "line 1", "twice");
    }

    @Test
    void declaredRatingScaleRejectsRatingsOutsideItNamingLineAndValue() {
        RatingScale filmTrust = new RatingScale(0.5, 4);
        assertScaledInvalid("1 1 2\n1 2 4.5\n", InteractionFormat.FILMTRUST, filmTrust, "line 2", "'4.5'",
                "[0.5, 4.0]");
        assertScaledInvalid("1 1 0\n", InteractionFormat.FILMTRUST, filmTrust, "line 1", "'0'");
        assertScaledInvalid("1 1 -2\n", InteractionFormat.FILMTRUST, filmTrust, "line 1", "non-negative");
        assertScaledInvalid("1\t2\tInfinity\t4\n", InteractionFormat.MOVIELENS_100K, new RatingScale(1, 5), "line 1",
                "finite");
        assertScaledInvalid("user,item\nu,i\n", InteractionFormat.CSV, filmTrust, "line 1", "no rating column");
    }

    @Test
    void declaredRatingScaleAcceptsRatingsOnItsEnds(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("u.data");
        Files.writeString(file, "196\t242\t3\t881250949\n186\t302\t5\t891717742\n22\t377\t1\t878887116\n");

        Interactions interactions = InteractionReader.read(file, InteractionFormat.MOVIELENS_100K,
                new RatingScale(1, 5));

        assertThat(interactions.size()).isEqualTo(3);
        assertThat(InteractionReader.read(new StringReader("1 1 0.5\n1 2 4\n"), InteractionFormat.FILMTRUST,
                new RatingScale(0.5, 4)).size()).isEqualTo(2);
    }

    @Test
    void randomInputIsReadOrRejectedAsInvalidNeverAnotherFailure() {
        SplittableRandom random = new SplittableRandom(17);
        String alphabet = "12ab ,:\t\n-.eE\u00e9";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder(round % 2 == 0 ? "user,item,rating\n" : "");
            int length = random.nextInt(60);
            for (int index = 0; index < length; index++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (InteractionFormat format : InteractionFormat.values()) {
                try {
                    Interactions interactions = read(text.toString(), format);
                    assertThat(interactions.size()).isLessThanOrEqualTo(text.length());
                } catch (MarqueeException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).containsAnyOf("line ", "empty");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static Interactions read(String text, InteractionFormat format) throws IOException {
        return InteractionReader.read(new StringReader(text), format);
    }

    private static void assertInvalid(String text, InteractionFormat format, String... fragments) {
        assertThatThrownBy(() -> read(text, format))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContainingAll(fragments);
    }

    private static void assertScaledInvalid(String text, InteractionFormat format, RatingScale scale,
            String... fragments) {
        assertThatThrownBy(() -> InteractionReader.read(new StringReader(text), format, scale))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContainingAll(fragments);
    }
}
