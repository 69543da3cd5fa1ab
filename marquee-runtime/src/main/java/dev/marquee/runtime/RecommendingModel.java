package dev.marquee.runtime;

import dev.marquee.core.ModelManifest;
import dev.marquee.recommend.RecommendationEngine;
import java.util.Set;

/**
 * A served model that recommends items: what the recommend, similar-items and interaction routes need beyond the Open
 * Inference Protocol. Obtained from {@link ServedModel#recommending()}, so callers never test concrete classes.
 * Implementations are immutable and thread-safe.
 */
public interface RecommendingModel {
    /** The engine built once when the model was loaded: model, popularity fallback and catalogue, if any. */
    RecommendationEngine engine();

    /** Every genre of the catalogue's items; empty without a catalogue. */
    Set<String> genres();

    /** The manifest the recommender was registered with (algorithm, parameters, metrics). */
    ModelManifest manifest();
}
