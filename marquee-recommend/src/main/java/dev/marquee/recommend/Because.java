package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why an item was recommended: "because you watched X and Y".
 *
 * <p>For {@link Basis#HISTORY_ITEMS} the contributions are the history items with the largest non-zero shares of the
 * model score, largest first. The shares are exact, summing over the whole history to the model score: for item-kNN
 * the similarity of each history item, for EASE the row of the weight matrix, for implicit ALS the decomposition of
 * the {@code implicit} library, {@code c_j · y_iᵀ W y_j} with {@code W = (YᵀC_uY + λI)⁻¹}. For ALS that
 * decomposition is of the exactly folded-in user; a training user is scored from the trained factors, which the
 * conjugate-gradient training only approximates, so there the shares sum to the score approximately.
 *
 * @param basis what the explanation rests on
 * @param contributions the history items that contribute most, largest first; empty unless {@code HISTORY_ITEMS}
 */
public record Because(Basis basis, List<Contribution> contributions) {
    public Because {
        requireNonNull(basis, "basis is null");
        contributions = List.copyOf(requireNonNull(contributions, "contributions is null"));
    }

    /** What an explanation rests on. */
    public enum Basis {
        /** Shares of the history items. */
        HISTORY_ITEMS,
        /** The item is popular (popularity model or fallback). */
        POPULARITY,
        /** The model type cannot be decomposed per history item. */
        NOT_SUPPORTED
    }
}
