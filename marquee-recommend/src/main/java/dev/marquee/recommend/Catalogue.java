package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Item metadata for filtering, business rules and titles: an immutable, thread-safe set of {@link CatalogueItem}s with
 * distinct ids, and the {@link MaturityScale} their ratings are on. A catalogue is optional for a recommender and need
 * not match the model's items: catalogue items the model was not trained on are never recommended, and model items
 * missing from the catalogue have no title and pass no filter or genre rule that needs metadata (so any query with a
 * filter skips them). {@link CatalogueReader} reads one from CSV.
 */
public final class Catalogue {
    private final MaturityScale maturityScale;
    private final Map<String, CatalogueItem> items;

    private Catalogue(MaturityScale maturityScale, Map<String, CatalogueItem> items) {
        this.maturityScale = maturityScale;
        this.items = items;
    }

    /**
     * A catalogue of the items, in the given order; ids must be distinct and every maturity rating must be on the
     * scale.
     */
    public static Catalogue of(MaturityScale maturityScale, List<CatalogueItem> items) {
        requireNonNull(maturityScale, "maturityScale is null");
        requireNonNull(items, "items is null");
        Map<String, CatalogueItem> byId = new LinkedHashMap<>();
        for (CatalogueItem item : items) {
            requireNonNull(item, "item is null");
            item.maturity().ifPresent(rating -> {
                if (maturityScale.rank(rating).isEmpty()) {
                    throw MarqueeException.invalid("item '%s': maturity '%s' is not on the scale %s", item.id(),
                            rating, maturityScale.ratings());
                }
            });
            if (byId.putIfAbsent(item.id(), item) != null) {
                throw MarqueeException.invalid("catalogue item '%s' appears twice", item.id());
            }
        }
        return new Catalogue(maturityScale, Collections.unmodifiableMap(byId));
    }

    public MaturityScale maturityScale() {
        return maturityScale;
    }

    public int size() {
        return items.size();
    }

    /** The item with this id, when the catalogue has it. */
    public Optional<CatalogueItem> item(String id) {
        return Optional.ofNullable(items.get(requireNonNull(id, "id is null")));
    }

    /** Every item, in the order given at construction. */
    public List<CatalogueItem> items() {
        return List.copyOf(items.values());
    }
}
