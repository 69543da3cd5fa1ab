package dev.marquee.recommend;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded synthetic implicit-feedback data set with the shape of real catalogues: item popularity follows a Zipf
 * law (exponent 1, so a few titles take most plays and a long tail is rarely touched), user activity is log-normal
 * (many light users, a few heavy ones), and each user has a favourite genre out of {@value #GENRES} from which half of
 * their interactions come (Zipf within the genre), so collaborative filtering has structure to find. Items are assigned
 * to genres round-robin by popularity rank; popularity ranks are a seeded permutation of the item indexes.
 *
 * <p>Generation is parallel and replays exactly for a seed: each user draws from its own random stream. Memory is the
 * result's (4 bytes per interaction) plus one row per user while it is drawn; 10,000,000 interactions take about a
 * second per core.
 *
 * <p>Ids are {@code u0, u1, ...} and {@code i0, i1, ...}; there are no ratings or timestamps.
 */
public final class SyntheticInteractions {
    static final int GENRES = 50;
    private static final double ZIPF_EXPONENT = 1.0;
    private static final double ACTIVITY_SIGMA = 1.0;
    private static final double GENRE_SHARE = 0.5;
    /** Redraw rounds for a user whose draws keep hitting drawn items (the heaviest users of a small catalogue). */
    private static final int MAXIMUM_ROUNDS = 64;

    private SyntheticInteractions() {}

    /**
     * About {@code interactions} distinct (user, item) pairs over exactly {@code users} users and {@code items} items
     * (every user has at least one interaction; at most a quarter of the catalogue each).
     */
    public static Interactions generate(int users, int items, long interactions, long seed) {
        if (users < 1 || items < GENRES) {
            throw MarqueeException.invalid("a generated set needs at least 1 user and %d items: %s users, %s items",
                    GENRES, users, items);
        }
        if (interactions < users || interactions > (long) users * (items / 4) || interactions > Integer.MAX_VALUE - 8) {
            throw MarqueeException.invalid(
                    "a generated set needs between one interaction per user and a quarter of the catalogue per user "
                            + "(and fewer than 2^31 in all): %s", interactions);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] itemByRank = permutation(items, random.split());
        double[] globalCumulative = zipfCumulative(items);
        double[] genreCumulative = zipfCumulative((items + GENRES - 1) / GENRES);
        int[] activity = activity(users, items / 4, interactions, random.split());
        long userSeed = random.nextLong();
        int[][] rows = new int[users][];
        IntStream.range(0, users).parallel().forEach(user -> {
            SplittableRandom userRandom = new SplittableRandom(userSeed ^ (user * 0x9E3779B97F4A7C15L));
            rows[user] = drawRow(activity[user], itemByRank, globalCumulative, genreCumulative, userRandom);
        });
        int[] offsets = new int[users + 1];
        for (int user = 0; user < users; user++) {
            offsets[user + 1] = offsets[user] + rows[user].length;
        }
        int[] flat = new int[offsets[users]];
        for (int user = 0; user < users; user++) {
            System.arraycopy(rows[user], 0, flat, offsets[user], rows[user].length);
            rows[user] = null;
        }
        return Interactions.ofRows(ids("u", users), ids("i", items), offsets, flat);
    }

    private static int[] drawRow(int count, int[] itemByRank, double[] globalCumulative, double[] genreCumulative,
            SplittableRandom random) {
        int items = itemByRank.length;
        int genre = random.nextInt(GENRES);
        int genreSize = (items - genre + GENRES - 1) / GENRES;
        int[] row = new int[count];
        int filled = 0;
        for (int round = 0; round < MAXIMUM_ROUNDS && filled < count; round++) {
            for (int index = filled; index < count; index++) {
                int rank;
                if (random.nextDouble() < GENRE_SHARE) {
                    int withinGenre;
                    do {
                        withinGenre = sample(genreCumulative, random);
                    } while (withinGenre >= genreSize);
                    rank = genre + GENRES * withinGenre;
                } else {
                    rank = sample(globalCumulative, random);
                }
                row[index] = itemByRank[rank];
            }
            Arrays.sort(row);
            int distinct = 0;
            for (int index = 0; index < count; index++) {
                if (distinct == 0 || row[index] != row[distinct - 1]) {
                    row[distinct++] = row[index];
                }
            }
            filled = distinct;
        }
        return filled == count ? row : Arrays.copyOf(row, filled);
    }

    /** Inverse-CDF sampling: the first index whose cumulative weight exceeds a uniform draw. */
    private static int sample(double[] cumulative, SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] > target) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private static double[] zipfCumulative(int size) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += Math.pow(rank + 1, -ZIPF_EXPONENT);
            cumulative[rank] = sum;
        }
        return cumulative;
    }

    /** Log-normal activity scaled so the counts add up to about {@code total}, each in {@code [1, maximum]}. */
    private static int[] activity(int users, int maximum, long total, SplittableRandom random) {
        double[] raw = new double[users];
        double sum = 0;
        for (int user = 0; user < users; user++) {
            raw[user] = Math.exp(ACTIVITY_SIGMA * random.nextGaussian());
            sum += raw[user];
        }
        int[] counts = new int[users];
        double scale = total / sum;
        for (int user = 0; user < users; user++) {
            counts[user] = (int) Math.max(1, Math.min(maximum, Math.round(raw[user] * scale)));
        }
        return counts;
    }

    private static int[] permutation(int size, SplittableRandom random) {
        int[] values = new int[size];
        for (int index = 0; index < size; index++) {
            values[index] = index;
        }
        for (int index = size - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = values[index];
            values[index] = values[other];
            values[other] = swap;
        }
        return values;
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            ids.add(prefix + index);
        }
        return ids;
    }
}
