package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The RecBole evaluation protocols. Users with fewer than three interactions go wholly to train in the per-user
 * protocols, so that every evaluated user has history to rank from.
 */
public final class Splits {
    private static final int MINIMUM_SPLIT_USER = 3;

    private Splits() {}

    /**
     * Per-user random split (RecBole {@code RS} with {@code group_by: user}): each user's interactions are shuffled
     * with the seed and cut by the ratios, with RecBole's rounding: validation and test get {@code floor(ratio * n)}
     * each, raised to one when {@code ratio * n} is below one while train keeps more than one; train gets the rest.
     */
    public static Split perUserRandom(Interactions interactions, double train, double validation, double test,
            long seed) {
        requireNonNull(interactions, "interactions is null");
        requireRatios(train, validation, test);
        SplittableRandom random = new SplittableRandom(seed);
        Interactions.Events[] parts = events(interactions);
        for (int user = 0; user < interactions.userCount(); user++) {
            int start = interactions.start(user);
            int count = interactions.count(user);
            int[] positions = new int[count];
            for (int index = 0; index < count; index++) {
                positions[index] = start + index;
            }
            if (count < MINIMUM_SPLIT_USER) {
                addAll(parts[0], interactions, user, positions, 0, count);
                continue;
            }
            for (int index = count - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                int swap = positions[index];
                positions[index] = positions[other];
                positions[other] = swap;
            }
            int[] sizes = sizes(count, new double[] {train, validation, test});
            addAll(parts[0], interactions, user, positions, 0, sizes[0]);
            addAll(parts[1], interactions, user, positions, sizes[0], sizes[0] + sizes[1]);
            addAll(parts[2], interactions, user, positions, sizes[0] + sizes[1], count);
        }
        return build(parts, interactions);
    }

    /**
     * Leave-last-out by time (RecBole {@code LS} with {@code valid_and_test}): each user's latest interaction is the
     * test item, the one before it the validation item, the rest train. Ties in time are broken by item index.
     */
    public static Split leaveLastOut(Interactions interactions) {
        requireNonNull(interactions, "interactions is null");
        requireTimestamps(interactions);
        Interactions.Events[] parts = events(interactions);
        for (int user = 0; user < interactions.userCount(); user++) {
            int[] positions = byTime(interactions, user);
            int count = positions.length;
            if (count < MINIMUM_SPLIT_USER) {
                addAll(parts[0], interactions, user, positions, 0, count);
                continue;
            }
            addAll(parts[0], interactions, user, positions, 0, count - 2);
            addAll(parts[1], interactions, user, positions, count - 2, count - 1);
            addAll(parts[2], interactions, user, positions, count - 1, count);
        }
        return build(parts, interactions);
    }

    /**
     * Global temporal split (RecBole {@code TO} without grouping): all interactions ordered by time (ties by user, then
     * item) and cut by the ratios, so train is the past and test the future.
     */
    public static Split globalTemporal(Interactions interactions, double train, double validation, double test) {
        requireNonNull(interactions, "interactions is null");
        requireRatios(train, validation, test);
        requireTimestamps(interactions);
        int total = interactions.size();
        int[] owners = new int[total];
        for (int user = 0; user < interactions.userCount(); user++) {
            Arrays.fill(owners, interactions.start(user), interactions.end(user), user);
        }
        // Positions are already ordered by user then item, so a stable sort by time gives the documented tie order.
        long[] keys = new long[total];
        for (int position = 0; position < total; position++) {
            keys[position] = interactions.timestampAt(position);
        }
        int[] order = stableOrder(keys);
        int[] sizes = sizes(total, new double[] {train, validation, test});
        Interactions.Events[] parts = events(interactions);
        for (int index = 0; index < total; index++) {
            int part = index < sizes[0] ? 0 : index < sizes[0] + sizes[1] ? 1 : 2;
            int position = order[index];
            parts[part].add(interactions, owners[position], position);
        }
        return build(parts, interactions);
    }

    /**
     * K-fold cross-validation (Surprise's {@code KFold} with shuffling): all interactions are shuffled with the seed
     * and cut into {@code folds} consecutive parts whose sizes differ by at most one (the first
     * {@code size % folds} parts get the extra one). Split {@code f} tests on part {@code f} and trains on the others;
     * its validation set is empty. Every interaction lies in exactly one test part.
     *
     * @param folds the number of folds, at least 2 and at most the number of interactions
     */
    public static List<Split> kFold(Interactions interactions, int folds, long seed) {
        requireNonNull(interactions, "interactions is null");
        int total = interactions.size();
        if (folds < 2 || folds > total) {
            throw MarqueeException.invalid("k-fold needs at least 2 folds and at most one per interaction (%s): %s",
                    total, folds);
        }
        int[] owners = new int[total];
        int[] order = new int[total];
        for (int user = 0; user < interactions.userCount(); user++) {
            Arrays.fill(owners, interactions.start(user), interactions.end(user), user);
        }
        for (int position = 0; position < total; position++) {
            order[position] = position;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int index = total - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = order[index];
            order[index] = order[other];
            order[other] = swap;
        }
        int[] foldOf = new int[total];
        int start = 0;
        for (int fold = 0; fold < folds; fold++) {
            int end = start + total / folds + (fold < total % folds ? 1 : 0);
            for (int index = start; index < end; index++) {
                foldOf[order[index]] = fold;
            }
            start = end;
        }
        List<Split> splits = new ArrayList<>(folds);
        Interactions empty = new Interactions.Events(interactions.hasRatings(), interactions.hasTimestamps())
                .build(interactions);
        for (int fold = 0; fold < folds; fold++) {
            Interactions.Events train = new Interactions.Events(interactions.hasRatings(),
                    interactions.hasTimestamps());
            Interactions.Events test = new Interactions.Events(interactions.hasRatings(),
                    interactions.hasTimestamps());
            for (int position = 0; position < total; position++) {
                (foldOf[position] == fold ? test : train).add(interactions, owners[position], position);
            }
            splits.add(new Split(train.build(interactions), empty, test.build(interactions)));
        }
        return List.copyOf(splits);
    }

    /** RecBole's {@code _calcu_split_ids}: the number of interactions each part gets out of {@code total}. */
    static int[] sizes(int total, double[] ratios) {
        int[] sizes = new int[ratios.length];
        int others = 0;
        for (int part = 1; part < ratios.length; part++) {
            sizes[part] = (int) (ratios[part] * total);
            others += sizes[part];
        }
        sizes[0] = total - others;
        for (int part = ratios.length - 1; part >= 1; part--) {
            if (sizes[0] <= 1) {
                break;
            }
            double expected = ratios[part] * total;
            if (expected > 0 && expected < 1) {
                sizes[part]++;
                sizes[0]--;
            }
        }
        return sizes;
    }

    private static int[] byTime(Interactions interactions, int user) {
        int start = interactions.start(user);
        int count = interactions.count(user);
        long[] keys = new long[count];
        for (int index = 0; index < count; index++) {
            keys[index] = interactions.timestampAt(start + index);
        }
        int[] order = stableOrder(keys);
        int[] positions = new int[count];
        for (int index = 0; index < count; index++) {
            positions[index] = start + order[index];
        }
        return positions;
    }

    /**
     * The indexes of {@code keys} in increasing key order, ties in index order. Without boxing when the keys span
     * less than 2^31 (any 68 years of epoch seconds): each sorts as {@code (key - minimum) << 32 | index}.
     */
    static int[] stableOrder(long[] keys) {
        int count = keys.length;
        long minimum = Long.MAX_VALUE;
        long maximum = Long.MIN_VALUE;
        for (long key : keys) {
            minimum = Math.min(minimum, key);
            maximum = Math.max(maximum, key);
        }
        int[] order = new int[count];
        if (count > 0 && maximum - minimum >= 0 && maximum - minimum < (1L << 31)) {
            long[] packed = new long[count];
            for (int index = 0; index < count; index++) {
                packed[index] = ((keys[index] - minimum) << 32) | index;
            }
            Arrays.sort(packed);
            for (int index = 0; index < count; index++) {
                order[index] = (int) packed[index];
            }
            return order;
        }
        Integer[] boxed = new Integer[count];
        for (int index = 0; index < count; index++) {
            boxed[index] = index;
        }
        Arrays.sort(boxed, (left, right) -> Long.compare(keys[left], keys[right]));
        for (int index = 0; index < count; index++) {
            order[index] = boxed[index];
        }
        return order;
    }

    private static Interactions.Events[] events(Interactions interactions) {
        Interactions.Events[] parts = new Interactions.Events[3];
        for (int part = 0; part < 3; part++) {
            parts[part] = new Interactions.Events(interactions.hasRatings(), interactions.hasTimestamps());
        }
        return parts;
    }

    private static void addAll(Interactions.Events part, Interactions interactions, int user, int[] positions,
            int from, int to) {
        for (int index = from; index < to; index++) {
            part.add(interactions, user, positions[index]);
        }
    }

    private static Split build(Interactions.Events[] parts, Interactions interactions) {
        return new Split(parts[0].build(interactions), parts[1].build(interactions), parts[2].build(interactions));
    }

    private static void requireRatios(double train, double validation, double test) {
        if (!(train > 0) || !(validation >= 0) || !(test > 0) || Math.abs(train + validation + test - 1) > 1e-9) {
            throw MarqueeException.invalid(
                    "split ratios must be positive (validation may be 0) and sum to 1: %s/%s/%s", train, validation,
                    test);
        }
    }

    private static void requireTimestamps(Interactions interactions) {
        if (!interactions.hasTimestamps()) {
            throw MarqueeException.invalid("this split orders by time, but the interactions have no timestamps");
        }
    }
}
