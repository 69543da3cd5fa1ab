package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Item factors re-laid for scoring one query against the whole catalogue: tiles of as many items as a vector has
 * lanes, factor-major within a tile ({@code tile[factor * lanes + lane]}), so a tile's scores accumulate in one vector
 * register from broadcast query values with no horizontal reduction per item. The last tile is zero-padded. Immutable
 * and thread-safe; a copy of the factors ({@code 4 * items * factors} bytes).
 */
final class ItemFactorTiles {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();

    private final float[] tiles;
    private final int itemCount;
    private final int factors;

    ItemFactorTiles(float[] itemFactors, int factors) {
        requireNonNull(itemFactors, "itemFactors is null");
        this.factors = factors;
        this.itemCount = itemFactors.length / factors;
        int tileCount = (itemCount + LANES - 1) / LANES;
        this.tiles = new float[tileCount * factors * LANES];
        for (int item = 0; item < itemCount; item++) {
            int base = (item / LANES) * factors * LANES + item % LANES;
            for (int factor = 0; factor < factors; factor++) {
                tiles[base + factor * LANES] = itemFactors[item * factors + factor];
            }
        }
    }

    int itemCount() {
        return itemCount;
    }

    /**
     * The (at most) {@code k} items with the highest {@code query · item}, best first, ties to the lower index, NaN
     * never selected, skipping {@code excluded} (strictly increasing): as {@link TopK#select} over
     * {@link FactorScoring#scoreAll}'s scores, but in one pass that skips every tile whose scores cannot enter.
     */
    int[] topK(float[] query, int k, int[] excluded) {
        TopK.Selection selection = new TopK.Selection(Math.min(k, Math.max(itemCount, 1)));
        int tileSize = factors * LANES;
        int next = 0;
        for (int first = 0, offset = 0; first < itemCount; first += LANES, offset += tileSize) {
            FloatVector scores = tileScores(query, offset);
            if (selection.full()
                    && !scores.compare(VectorOperators.GT, selection.threshold()).anyTrue()) {
                continue;
            }
            int last = Math.min(itemCount, first + LANES);
            for (int item = first; item < last; item++) {
                while (next < excluded.length && excluded[next] < item) {
                    next++;
                }
                if (next < excluded.length && excluded[next] == item) {
                    continue;
                }
                selection.offer(item, scores.lane(item - first));
            }
        }
        return selection.drain();
    }

    /** Writes every item's score into {@code scores[0 .. itemCount)}. */
    void scoreAll(float[] query, float[] scores) {
        int tileSize = factors * LANES;
        for (int first = 0, offset = 0; first < itemCount; first += LANES, offset += tileSize) {
            FloatVector tile = tileScores(query, offset);
            if (first + LANES <= itemCount) {
                tile.intoArray(scores, first);
            } else {
                VectorMask<Float> mask = FLOATS.indexInRange(first, itemCount);
                tile.intoArray(scores, first, mask);
            }
        }
    }

    /** Four independent accumulators hide the latency of the fused multiply-adds. */
    private FloatVector tileScores(float[] query, int offset) {
        FloatVector first = FloatVector.zero(FLOATS);
        FloatVector second = FloatVector.zero(FLOATS);
        FloatVector third = FloatVector.zero(FLOATS);
        FloatVector fourth = FloatVector.zero(FLOATS);
        int factor = 0;
        for (; factor + 3 < factors; factor += 4) {
            int at = offset + factor * LANES;
            first = term(at, query[factor], first);
            second = term(at + LANES, query[factor + 1], second);
            third = term(at + 2 * LANES, query[factor + 2], third);
            fourth = term(at + 3 * LANES, query[factor + 3], fourth);
        }
        for (; factor < factors; factor++) {
            first = term(offset + factor * LANES, query[factor], first);
        }
        return first.add(second).add(third.add(fourth));
    }

    /** {@code accumulator + tile values at offset * value}, lane-wise. */
    private FloatVector term(int offset, float value, FloatVector accumulator) {
        return FloatVector.fromArray(FLOATS, tiles, offset).fma(FloatVector.broadcast(FLOATS, value), accumulator);
    }
}
