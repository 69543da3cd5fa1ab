package dev.marquee.recommend;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Catalogue} laid over a model's item indexes, as bitsets (one bit per item index, 64 per word), so that a
 * query's filters become a few word-wise ANDs. Availability masks are computed per (region, date) on first use and
 * cached; the cache is cleared when it reaches its size limit. Thread-safe.
 */
final class CatalogueIndex {
    private final Catalogue catalogue;
    private final int itemCount;
    private final int words;
    /** The model items the catalogue has. */
    private final long[] known;
    /** Titles by item index; null where the catalogue lacks the item. */
    private final String[] titles;
    private final Map<String, long[]> genres;
    /** All zeros, for a genre no item has. */
    private final long[] noItems;
    /** {@code atMostMaturity[rank]}: the items rated at most {@code rank}. */
    private final long[][] atMostMaturity;
    private final Map<String, Windows> windowsByRegion;
    private final Windows everyRegion;
    private final int cacheSize;
    private final ConcurrentHashMap<ItemFilters.Availability, long[]> availabilityCache = new ConcurrentHashMap<>();

    CatalogueIndex(Catalogue catalogue, Interactions training, int cacheSize) {
        this.catalogue = catalogue;
        this.itemCount = training.itemCount();
        this.words = (itemCount + 63) >>> 6;
        this.cacheSize = cacheSize;
        known = new long[words];
        noItems = new long[words];
        titles = new String[itemCount];
        Map<String, long[]> genreBits = new HashMap<>();
        MaturityScale scale = catalogue.maturityScale();
        long[][] exactMaturity = new long[scale.ratings().size()][words];
        Map<String, WindowsBuilder> regions = new HashMap<>();
        for (CatalogueItem item : catalogue.items()) {
            OptionalInt found = training.itemIndex(item.id());
            if (found.isEmpty()) {
                continue;
            }
            int index = found.getAsInt();
            set(known, index);
            titles[index] = item.title();
            for (String genre : item.genres()) {
                set(genreBits.computeIfAbsent(genre, unused -> new long[words]), index);
            }
            item.maturity().ifPresent(rating -> set(exactMaturity[scale.rank(rating).orElseThrow()], index));
            for (AvailabilityWindow window : item.availability()) {
                regions.computeIfAbsent(window.region(), unused -> new WindowsBuilder()).add(index, window);
            }
        }
        genres = Map.copyOf(genreBits);
        atMostMaturity = new long[exactMaturity.length][];
        long[] running = new long[words];
        for (int rank = 0; rank < exactMaturity.length; rank++) {
            for (int word = 0; word < words; word++) {
                running[word] |= exactMaturity[rank][word];
            }
            atMostMaturity[rank] = running.clone();
        }
        WindowsBuilder every = regions.remove(AvailabilityWindow.EVERY_REGION);
        everyRegion = every == null ? new WindowsBuilder().build() : every.build();
        Map<String, Windows> built = new HashMap<>();
        regions.forEach((region, builder) -> built.put(region, builder.build()));
        windowsByRegion = Map.copyOf(built);
    }

    Catalogue catalogue() {
        return catalogue;
    }

    int words() {
        return words;
    }

    Optional<String> title(int item) {
        return Optional.ofNullable(titles[item]);
    }

    /** The items with this genre; all zeros for a genre no item has. Never written to. */
    long[] genre(String genre) {
        long[] bits = genres.get(genre);
        return bits == null ? noItems : bits;
    }

    boolean hasGenre(int item, String genre) {
        long[] bits = genres.get(genre);
        return bits != null && (bits[item >>> 6] & (1L << item)) != 0;
    }

    /** The items rated at most {@code rank}. */
    long[] atMostMaturity(int rank) {
        return atMostMaturity[rank];
    }

    /** The items available in the region on the date, from the cache when it has them. */
    long[] available(ItemFilters.Availability availability) {
        long[] cached = availabilityCache.get(availability);
        if (cached != null) {
            return cached;
        }
        long[] bits = new long[words];
        long day = availability.date().toEpochDay();
        everyRegion.mark(day, bits);
        Windows windows = windowsByRegion.get(availability.region());
        if (windows != null) {
            windows.mark(day, bits);
        }
        if (availabilityCache.size() >= cacheSize) {
            availabilityCache.clear();
        }
        availabilityCache.put(availability, bits);
        return bits;
    }

    /**
     * Writes NaN into {@code scores} for every item that fails: unknown to the catalogue, without any of
     * {@code include} (when not null), with any of {@code exclude}, outside {@code maturity} or {@code availability}
     * (each when not null).
     */
    void reject(float[] scores, long[][] include, long[][] exclude, long[] maturity, long[] availability) {
        for (int word = 0; word < words; word++) {
            long allowed = known[word];
            if (include != null) {
                long any = 0;
                for (long[] bits : include) {
                    any |= bits[word];
                }
                allowed &= any;
            }
            for (long[] bits : exclude) {
                allowed &= ~bits[word];
            }
            if (maturity != null) {
                allowed &= maturity[word];
            }
            if (availability != null) {
                allowed &= availability[word];
            }
            long rejected = ~allowed;
            int base = word << 6;
            if (base + 64 > itemCount) {
                rejected &= (1L << (itemCount - base)) - 1;
            }
            while (rejected != 0) {
                scores[base + Long.numberOfTrailingZeros(rejected)] = Float.NaN;
                rejected &= rejected - 1;
            }
        }
    }

    private static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    /** One region's windows as parallel arrays of item index, first day and end day (exclusive), in epoch days. */
    private record Windows(int[] items, long[] from, long[] until) {
        void mark(long day, long[] bits) {
            for (int window = 0; window < items.length; window++) {
                if (from[window] <= day && day < until[window]) {
                    set(bits, items[window]);
                }
            }
        }
    }

    private static final class WindowsBuilder {
        private int size;
        private int[] items = new int[8];
        private long[] from = new long[8];
        private long[] until = new long[8];

        void add(int item, AvailabilityWindow window) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                from = Arrays.copyOf(from, size * 2);
                until = Arrays.copyOf(until, size * 2);
            }
            items[size] = item;
            from[size] = window.from().toEpochDay();
            // LocalDate.MAX is beyond the epoch-day range of any query date: a window that never ends.
            until[size] = window.until().equals(LocalDate.MAX) ? Long.MAX_VALUE : window.until().toEpochDay();
            size++;
        }

        Windows build() {
            return new Windows(Arrays.copyOf(items, size), Arrays.copyOf(from, size), Arrays.copyOf(until, size));
        }
    }
}
