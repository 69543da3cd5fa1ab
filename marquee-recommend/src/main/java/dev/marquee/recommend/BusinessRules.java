package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Editorial rules applied on top of the model's scores, in this order: boosts change scores (in the order given);
 * buried items rank after every item that is not buried; pinned items are placed at their positions whatever their
 * score. Rules never override eligibility: a buried or pinned item must still pass the query's filters and seen
 * exclusion (an ineligible pin is left out and reported). Item ids in rules must be items of the model; genre rules
 * need a catalogue.
 *
 * @param boosts score changes, applied in order
 * @param bury the items to rank last
 * @param pins items to place at fixed positions; distinct items and distinct positions
 */
public record BusinessRules(List<Boost> boosts, ItemSelector bury, List<Pin> pins) {
    private static final BusinessRules NONE = new BusinessRules(List.of(), ItemSelector.NOTHING, List.of());

    public BusinessRules {
        boosts = List.copyOf(requireNonNull(boosts, "boosts is null"));
        requireNonNull(bury, "bury is null");
        pins = List.copyOf(requireNonNull(pins, "pins is null"));
    }

    public static BusinessRules none() {
        return NONE;
    }

    public boolean isEmpty() {
        return boosts.isEmpty() && bury.isEmpty() && pins.isEmpty();
    }

    /** These rules with one more boost, applied after the others. */
    public BusinessRules boost(ItemSelector selector, Operation operation, double amount) {
        List<Boost> more = new ArrayList<>(boosts);
        more.add(new Boost(selector, operation, amount));
        return new BusinessRules(more, bury, pins);
    }

    /** These rules, also burying the selected items. */
    public BusinessRules bury(ItemSelector selector) {
        return new BusinessRules(boosts, bury.and(selector), pins);
    }

    /** These rules, also pinning {@code itemId} at {@code position} (1 for the first place). */
    public BusinessRules pin(String itemId, int position) {
        List<Pin> more = new ArrayList<>(pins);
        more.add(new Pin(itemId, position));
        return new BusinessRules(boosts, bury, more);
    }

    /** How a boost changes a score. */
    public enum Operation {
        /**
         * Scales the score's distance from zero in the direction of the factor: {@code s * f} for {@code s >= 0} and
         * {@code s / f} for negative {@code s}, so a factor above 1 always moves an item up and below 1 down, even for
         * models with negative scores (EASE).
         */
        MULTIPLY,
        /** Adds the amount to the score. */
        ADD
    }

    /**
     * A score change for the selected items.
     *
     * @param selector the items changed
     * @param operation how
     * @param amount the factor (finite, positive) or the addend (finite)
     */
    public record Boost(ItemSelector selector, Operation operation, double amount) {
        public Boost {
            requireNonNull(selector, "selector is null");
            requireNonNull(operation, "operation is null");
            switch (operation) {
                case MULTIPLY -> {
                    if (!(amount > 0) || Double.isInfinite(amount)) {
                        throw MarqueeException.invalid("boost factor must be a finite positive number: %s", amount);
                    }
                }
                case ADD -> {
                    if (!Double.isFinite(amount)) {
                        throw MarqueeException.invalid("boost amount must be a finite number: %s", amount);
                    }
                }
            }
        }
    }

    /**
     * An item placed at a fixed position of the answer. When fewer items precede it, it moves up to follow them.
     *
     * @param itemId the item
     * @param position 1-based, at most the query's {@code k}
     */
    public record Pin(String itemId, int position) {
        public Pin {
            requireNonNull(itemId, "itemId is null");
            if (position < 1) {
                throw MarqueeException.invalid("pin position must be at least 1: %s (item '%s')", position, itemId);
            }
        }
    }

    /**
     * Items chosen by id or by genre (an item is selected when its id is listed or it has a listed genre).
     *
     * @param itemIds item ids of the model
     * @param genres catalogue genres, compared exactly
     */
    public record ItemSelector(Set<String> itemIds, Set<String> genres) {
        static final ItemSelector NOTHING = new ItemSelector(Set.of(), Set.of());

        public ItemSelector {
            itemIds = Set.copyOf(requireNonNull(itemIds, "itemIds is null"));
            genres = Set.copyOf(requireNonNull(genres, "genres is null"));
        }

        public static ItemSelector items(String... itemIds) {
            return new ItemSelector(Set.copyOf(List.of(itemIds)), Set.of());
        }

        public static ItemSelector genres(String... genres) {
            return new ItemSelector(Set.of(), Set.copyOf(List.of(genres)));
        }

        public boolean isEmpty() {
            return itemIds.isEmpty() && genres.isEmpty();
        }

        ItemSelector and(ItemSelector other) {
            Set<String> ids = new HashSet<>(itemIds);
            ids.addAll(other.itemIds);
            Set<String> allGenres = new HashSet<>(genres);
            allGenres.addAll(other.genres);
            return new ItemSelector(ids, allGenres);
        }
    }
}
