package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable set of user-item interactions. Users and items are mapped to dense indexes ({@code 0..userCount-1},
 * {@code 0..itemCount-1}) in order of first appearance, and the original ids are kept. Storage is compressed sparse
 * rows: the interactions of user {@code u} occupy positions {@code start(u)} (inclusive) to {@code end(u)}
 * (exclusive), with item indexes strictly increasing, so scoring and exclusion walk plain int arrays.
 *
 * <p>Every (user, item) pair appears at most once (implicit feedback: an interaction is a positive, whatever its
 * rating). When the input holds the same pair several times, the event with the latest timestamp is kept, and among
 * equal or absent timestamps the one added last; its rating is the one kept.
 *
 * <p>Ratings and timestamps are optional, for the whole set: either every interaction has one or none has. Ratings
 * are finite and non-negative; timestamps are seconds since the epoch (MovieLens and RecBole convention).
 *
 * <p>Instances are thread-safe. Sets derived by a split ({@link Splits}) share their parent's id spaces, so an index
 * means the same user or item in train, validation and test.
 */
public final class Interactions {
    private final List<String> userIds;
    private final List<String> itemIds;
    private final Map<String, Integer> userIndexes;
    private final Map<String, Integer> itemIndexes;
    private final int[] offsets;
    private final int[] items;
    /** Null when the set has no ratings. */
    private final float[] ratings;
    /** Null when the set has no timestamps. */
    private final long[] timestamps;

    private Interactions(
            List<String> userIds,
            List<String> itemIds,
            Map<String, Integer> userIndexes,
            Map<String, Integer> itemIndexes,
            int[] offsets,
            int[] items,
            float[] ratings,
            long[] timestamps) {
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.userIndexes = userIndexes;
        this.itemIndexes = itemIndexes;
        this.offsets = offsets;
        this.items = items;
        this.ratings = ratings;
        this.timestamps = timestamps;
    }

    /** A builder that maps string ids to dense indexes in order of first appearance. */
    public static Builder builder(boolean withRatings, boolean withTimestamps) {
        return new Builder(withRatings, withTimestamps);
    }

    /**
     * Implicit interactions from compressed rows that already follow the class's invariants (each row's items strictly
     * increasing and below {@code itemIds.size()}), without copying them: the path of generated data sets, which are
     * too large to go through a builder's event arrays.
     */
    static Interactions ofRows(List<String> userIds, List<String> itemIds, int[] offsets, int[] items) {
        return new Interactions(List.copyOf(userIds), List.copyOf(itemIds), indexes(userIds), indexes(itemIds),
                offsets, items, null, null);
    }

    private static Map<String, Integer> indexes(List<String> ids) {
        Map<String, Integer> indexes = new HashMap<>(ids.size() * 2);
        for (int index = 0; index < ids.size(); index++) {
            if (indexes.put(ids.get(index), index) != null) {
                throw new IllegalArgumentException("duplicate id: " + ids.get(index));
            }
        }
        return Map.copyOf(indexes);
    }

    public int userCount() {
        return userIds.size();
    }

    public int itemCount() {
        return itemIds.size();
    }

    /** The number of distinct (user, item) interactions. */
    public int size() {
        return items.length;
    }

    public boolean hasRatings() {
        return ratings != null;
    }

    public boolean hasTimestamps() {
        return timestamps != null;
    }

    public String userId(int user) {
        return userIds.get(user);
    }

    public String itemId(int item) {
        return itemIds.get(item);
    }

    public OptionalInt userIndex(String userId) {
        Integer index = userIndexes.get(requireNonNull(userId, "userId is null"));
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    public OptionalInt itemIndex(String itemId) {
        Integer index = itemIndexes.get(requireNonNull(itemId, "itemId is null"));
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /** First position of the user's interactions. */
    public int start(int user) {
        return offsets[user];
    }

    /** One past the last position of the user's interactions. */
    public int end(int user) {
        return offsets[user + 1];
    }

    /** The number of items the user interacted with. */
    public int count(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** The item at a position (see {@link #start(int)}). */
    public int itemAt(int position) {
        return items[position];
    }

    /** The rating at a position; only when {@link #hasRatings()}. */
    public float ratingAt(int position) {
        if (ratings == null) {
            throw new IllegalStateException("these interactions have no ratings");
        }
        return ratings[position];
    }

    /** The timestamp (epoch seconds) at a position; only when {@link #hasTimestamps()}. */
    public long timestampAt(int position) {
        if (timestamps == null) {
            throw new IllegalStateException("these interactions have no timestamps");
        }
        return timestamps[position];
    }

    /** A copy of the user's item indexes, strictly increasing. */
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    /** Whether the user interacted with the item (binary search over the user's sorted items). */
    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }

    /** How many users interacted with each item. */
    public int[] itemCounts() {
        int[] counts = new int[itemCount()];
        for (int item : items) {
            counts[item]++;
        }
        return counts;
    }

    /** The same users and items with the interactions of both sets (which must share id spaces). */
    public Interactions union(Interactions other) {
        requireSameIds(other);
        Events events = new Events(hasRatings() && other.hasRatings(), hasTimestamps() && other.hasTimestamps());
        events.addAll(this);
        events.addAll(other);
        return events.build(this);
    }

    void requireSameIds(Interactions other) {
        if (other.userIds != userIds || other.itemIds != itemIds) {
            throw new IllegalArgumentException("interactions do not share user and item id spaces");
        }
    }

    /** Raw storage for the hot loops of this package; callers never write to these arrays. */
    int[] offsetArray() {
        return offsets;
    }

    int[] itemArray() {
        return items;
    }

    /**
     * Events over dense indexes, collected in input order and turned into an {@link Interactions} that shares the id
     * spaces of a template. Duplicates follow the class's rule.
     */
    static final class Events {
        private final boolean withRatings;
        private final boolean withTimestamps;
        private int size;
        private int[] users = new int[16];
        private int[] items = new int[16];
        private float[] ratings;
        private long[] timestamps;

        Events(boolean withRatings, boolean withTimestamps) {
            this.withRatings = withRatings;
            this.withTimestamps = withTimestamps;
            this.ratings = withRatings ? new float[16] : null;
            this.timestamps = withTimestamps ? new long[16] : null;
        }

        void add(int user, int item, float rating, long timestamp) {
            if (size == users.length) {
                int capacity = Math.max(16, size + (size >> 1));
                users = Arrays.copyOf(users, capacity);
                items = Arrays.copyOf(items, capacity);
                if (withRatings) {
                    ratings = Arrays.copyOf(ratings, capacity);
                }
                if (withTimestamps) {
                    timestamps = Arrays.copyOf(timestamps, capacity);
                }
            }
            users[size] = user;
            items[size] = item;
            if (withRatings) {
                ratings[size] = rating;
            }
            if (withTimestamps) {
                timestamps[size] = timestamp;
            }
            size++;
        }

        /** Adds the interaction at a position of a set. */
        void add(Interactions source, int user, int position) {
            add(user,
                    source.items[position],
                    source.ratings == null ? Float.NaN : source.ratings[position],
                    source.timestamps == null ? 0 : source.timestamps[position]);
        }

        void addAll(Interactions source) {
            for (int user = 0; user < source.userCount(); user++) {
                for (int position = source.start(user); position < source.end(user); position++) {
                    add(source, user, position);
                }
            }
        }

        Interactions build(Interactions template) {
            return build(template.userIds, template.itemIds, template.userIndexes, template.itemIndexes);
        }

        Interactions build(
                List<String> userIds,
                List<String> itemIds,
                Map<String, Integer> userIndexes,
                Map<String, Integer> itemIndexes) {
            int userCount = userIds.size();
            // A stable counting sort by user keeps input order within each user.
            int[] offsets = new int[userCount + 1];
            for (int event = 0; event < size; event++) {
                offsets[users[event] + 1]++;
            }
            for (int user = 0; user < userCount; user++) {
                offsets[user + 1] += offsets[user];
            }
            int[] byUser = new int[size];
            int[] next = Arrays.copyOf(offsets, userCount);
            for (int event = 0; event < size; event++) {
                byUser[next[users[event]]++] = event;
            }
            int[] keptOffsets = new int[userCount + 1];
            int[] keptItems = new int[size];
            float[] keptRatings = withRatings ? new float[size] : null;
            long[] keptTimestamps = withTimestamps ? new long[size] : null;
            int kept = 0;
            for (int user = 0; user < userCount; user++) {
                int start = offsets[user];
                int length = offsets[user + 1] - start;
                // item in the high half, input order in the low half: sorting gives items ascending, then input order.
                long[] keys = new long[length];
                for (int index = 0; index < length; index++) {
                    keys[index] = ((long) items[byUser[start + index]] << 32) | index;
                }
                Arrays.sort(keys);
                int index = 0;
                while (index < length) {
                    int item = (int) (keys[index] >>> 32);
                    int chosen = byUser[start + (int) keys[index]];
                    index++;
                    while (index < length && (int) (keys[index] >>> 32) == item) {
                        int candidate = byUser[start + (int) keys[index]];
                        if (!withTimestamps || timestamps[candidate] >= timestamps[chosen]) {
                            chosen = candidate;
                        }
                        index++;
                    }
                    keptItems[kept] = item;
                    if (withRatings) {
                        keptRatings[kept] = ratings[chosen];
                    }
                    if (withTimestamps) {
                        keptTimestamps[kept] = timestamps[chosen];
                    }
                    kept++;
                }
                keptOffsets[user + 1] = kept;
            }
            return new Interactions(
                    userIds,
                    itemIds,
                    userIndexes,
                    itemIndexes,
                    keptOffsets,
                    Arrays.copyOf(keptItems, kept),
                    withRatings ? Arrays.copyOf(keptRatings, kept) : null,
                    withTimestamps ? Arrays.copyOf(keptTimestamps, kept) : null);
        }
    }

    /**
     * Collects events with string ids. Not thread-safe; {@link #build()} may be called once.
     */
    public static final class Builder {
        private final boolean withRatings;
        private final boolean withTimestamps;
        private final List<String> userIds = new ArrayList<>();
        private final List<String> itemIds = new ArrayList<>();
        private final Map<String, Integer> userIndexes = new HashMap<>();
        private final Map<String, Integer> itemIndexes = new HashMap<>();
        private final Events events;

        private Builder(boolean withRatings, boolean withTimestamps) {
            this.withRatings = withRatings;
            this.withTimestamps = withTimestamps;
            this.events = new Events(withRatings, withTimestamps);
        }

        /** Adds an implicit event; only for a builder without ratings and timestamps. */
        public Builder add(String userId, String itemId) {
            requireShape(false, false);
            events.add(index(userId, userIds, userIndexes), index(itemId, itemIds, itemIndexes), Float.NaN, 0);
            return this;
        }

        /** Adds an event; {@code rating} is used only when the builder has ratings, {@code timestamp} likewise. */
        public Builder add(String userId, String itemId, double rating, long timestamp) {
            if (withRatings && !(rating >= 0 && Double.isFinite(rating))) {
                throw MarqueeException.invalid("rating must be a finite non-negative number: %s", rating);
            }
            events.add(
                    index(userId, userIds, userIndexes),
                    index(itemId, itemIds, itemIndexes),
                    (float) rating,
                    timestamp);
            return this;
        }

        public Interactions build() {
            return events.build(List.copyOf(userIds), List.copyOf(itemIds), Map.copyOf(userIndexes),
                    Map.copyOf(itemIndexes));
        }

        private void requireShape(boolean ratings, boolean timestamps) {
            if (withRatings != ratings || withTimestamps != timestamps) {
                throw new IllegalStateException("this builder expects ratings=" + withRatings + ", timestamps="
                        + withTimestamps);
            }
        }

        private static int index(String id, List<String> ids, Map<String, Integer> indexes) {
            requireNonNull(id, "id is null");
            if (id.isEmpty()) {
                throw MarqueeException.invalid("user and item ids must not be empty");
            }
            Integer index = indexes.putIfAbsent(id, ids.size());
            if (index != null) {
                return index;
            }
            ids.add(id);
            return ids.size() - 1;
        }
    }
}
