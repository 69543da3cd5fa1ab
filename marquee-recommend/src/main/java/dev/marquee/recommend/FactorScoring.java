package dev.marquee.recommend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot-product kernels over row-major {@code float} factor matrices with the JDK Vector API (the incubator module
 * {@code jdk.incubator.vector}, which every JVM running this package must add with
 * {@code --add-modules jdk.incubator.vector}). A row of {@code size} values starts at {@code row * size}.
 *
 * <p>The vector kernels sum in lane order, so their results differ from a sequential loop's by float rounding only;
 * they are deterministic for a given machine (the preferred vector width), which is what replay needs. The plain
 * loops are kept as the baseline benchmarks compare against. Stateless and thread-safe.
 */
public final class FactorScoring {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private FactorScoring() {}

    /**
     * Writes {@code query · row(item)} for every row of {@code factorRows} into {@code scores[0 .. rows)}, where
     * {@code rows = factorRows.length / size}; {@code query} is read at
     * {@code query[queryOffset .. queryOffset + size)}.
     */
    public static void scoreAll(float[] query, int queryOffset, float[] factorRows, int size, float[] scores) {
        int rows = factorRows.length / size;
        if (scores.length < rows) {
            throw new IllegalArgumentException("scores hold " + scores.length + " values, " + rows + " needed");
        }
        if (size % FLOATS.length() != 0) {
            for (int row = 0; row < rows; row++) {
                scores[row] = dot(query, queryOffset, factorRows, row * size, size);
            }
            return;
        }
        // The query's vectors are loaded once; for 64 factors at 512 bits that is four registers.
        int chunks = size / FLOATS.length();
        FloatVector[] queryChunks = new FloatVector[chunks];
        for (int chunk = 0; chunk < chunks; chunk++) {
            queryChunks[chunk] = FloatVector.fromArray(FLOATS, query, queryOffset + chunk * FLOATS.length());
        }
        int row = 0;
        // Two rows at a time: independent accumulators hide the latency of the fused multiply-adds.
        for (; row + 1 < rows; row += 2) {
            int first = row * size;
            int second = first + size;
            FloatVector firstSum = FloatVector.zero(FLOATS);
            FloatVector secondSum = FloatVector.zero(FLOATS);
            for (int chunk = 0; chunk < chunks; chunk++) {
                int shift = chunk * FLOATS.length();
                firstSum = FloatVector.fromArray(FLOATS, factorRows, first + shift).fma(queryChunks[chunk], firstSum);
                secondSum = FloatVector.fromArray(FLOATS, factorRows, second + shift)
                        .fma(queryChunks[chunk], secondSum);
            }
            scores[row] = firstSum.reduceLanes(VectorOperators.ADD);
            scores[row + 1] = secondSum.reduceLanes(VectorOperators.ADD);
        }
        for (; row < rows; row++) {
            scores[row] = dot(query, queryOffset, factorRows, row * size, size);
        }
    }

    /** The same scores as {@link #scoreAll} by a sequential loop: the baseline of the benchmarks. */
    public static void scoreAllPlain(float[] query, int queryOffset, float[] factorRows, int size, float[] scores) {
        int rows = factorRows.length / size;
        for (int row = 0; row < rows; row++) {
            int offset = row * size;
            float sum = 0;
            for (int factor = 0; factor < size; factor++) {
                sum += query[queryOffset + factor] * factorRows[offset + factor];
            }
            scores[row] = sum;
        }
    }

    /** {@code first[firstOffset ..] · second[secondOffset ..]} over {@code size} values, in float. */
    public static float dot(float[] first, int firstOffset, float[] second, int secondOffset, int size) {
        FloatVector sum = FloatVector.zero(FLOATS);
        int index = 0;
        int bound = FLOATS.loopBound(size);
        for (; index < bound; index += FLOATS.length()) {
            sum = FloatVector.fromArray(FLOATS, first, firstOffset + index)
                    .fma(FloatVector.fromArray(FLOATS, second, secondOffset + index), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; index < size; index++) {
            result += first[firstOffset + index] * second[secondOffset + index];
        }
        return result;
    }

    /** {@code target[0 ..] += scale * rows[offset ..]} over {@code size} values, in float. */
    static void addScaled(float[] target, float scale, float[] rows, int offset, int size) {
        FloatVector scaleVector = FloatVector.broadcast(FLOATS, scale);
        int index = 0;
        int bound = FLOATS.loopBound(size);
        for (; index < bound; index += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, rows, offset + index)
                    .fma(scaleVector, FloatVector.fromArray(FLOATS, target, index))
                    .intoArray(target, index);
        }
        for (; index < size; index++) {
            target[index] += scale * rows[offset + index];
        }
    }

}
