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

    /**
     * The sparse half of an implicit-ALS operator: for every row {@code r} listed in {@code columns[start .. end)},
     * {@code target += (bias + scale * (row(r) · vector)) * row(r)}, where {@code row(r)} is
     * {@code factorRows[r * size .. r * size + size)} and {@code target} and {@code vector} hold {@code size} values.
     * With {@code size} four vectors wide (64 factors at 512 bits) the vector, the target and each row stay in
     * registers and every row is read once: twice as fast as a dot product and then a scaled add per row (measured on
     * 10,000,000 long-tail rows of 64 factors).
     */
    static void addWeightedRows(float[] factorRows, int[] columns, int start, int end, int size, float[] vector,
            float bias, float scale, float[] target) {
        int lanes = FLOATS.length();
        if (size != 4 * lanes) {
            for (int position = start; position < end; position++) {
                int offset = columns[position] * size;
                addScaled(target, bias + scale * dot(factorRows, offset, vector, 0, size), factorRows, offset, size);
            }
            return;
        }
        FloatVector vector0 = FloatVector.fromArray(FLOATS, vector, 0);
        FloatVector vector1 = FloatVector.fromArray(FLOATS, vector, lanes);
        FloatVector vector2 = FloatVector.fromArray(FLOATS, vector, 2 * lanes);
        FloatVector vector3 = FloatVector.fromArray(FLOATS, vector, 3 * lanes);
        FloatVector sum0 = FloatVector.fromArray(FLOATS, target, 0);
        FloatVector sum1 = FloatVector.fromArray(FLOATS, target, lanes);
        FloatVector sum2 = FloatVector.fromArray(FLOATS, target, 2 * lanes);
        FloatVector sum3 = FloatVector.fromArray(FLOATS, target, 3 * lanes);
        for (int position = start; position < end; position++) {
            int offset = columns[position] * size;
            FloatVector row0 = FloatVector.fromArray(FLOATS, factorRows, offset);
            FloatVector row1 = FloatVector.fromArray(FLOATS, factorRows, offset + lanes);
            FloatVector row2 = FloatVector.fromArray(FLOATS, factorRows, offset + 2 * lanes);
            FloatVector row3 = FloatVector.fromArray(FLOATS, factorRows, offset + 3 * lanes);
            float product = row0.mul(vector0).add(row1.mul(vector1))
                    .add(row2.mul(vector2).add(row3.mul(vector3)))
                    .reduceLanes(VectorOperators.ADD);
            FloatVector coefficient = FloatVector.broadcast(FLOATS, bias + scale * product);
            sum0 = row0.fma(coefficient, sum0);
            sum1 = row1.fma(coefficient, sum1);
            sum2 = row2.fma(coefficient, sum2);
            sum3 = row3.fma(coefficient, sum3);
        }
        sum0.intoArray(target, 0);
        sum1.intoArray(target, lanes);
        sum2.intoArray(target, 2 * lanes);
        sum3.intoArray(target, 3 * lanes);
    }

    /**
     * {@code result = (matrix + diagonal I) vector} for a symmetric row-major {@code size × size} matrix, summed as
     * columns scaled by the vector's values (no per-row reductions).
     */
    static void multiplySymmetric(float[] matrix, float[] vector, float diagonal, float[] result, int size) {
        int lanes = FLOATS.length();
        if (size != 4 * lanes) {
            for (int row = 0; row < size; row++) {
                result[row] = dot(matrix, row * size, vector, 0, size) + diagonal * vector[row];
            }
            return;
        }
        FloatVector scale = FloatVector.broadcast(FLOATS, diagonal);
        FloatVector sum0 = FloatVector.fromArray(FLOATS, vector, 0).mul(scale);
        FloatVector sum1 = FloatVector.fromArray(FLOATS, vector, lanes).mul(scale);
        FloatVector sum2 = FloatVector.fromArray(FLOATS, vector, 2 * lanes).mul(scale);
        FloatVector sum3 = FloatVector.fromArray(FLOATS, vector, 3 * lanes).mul(scale);
        // Column j of a symmetric matrix is its row j.
        for (int column = 0; column < size; column++) {
            int offset = column * size;
            FloatVector value = FloatVector.broadcast(FLOATS, vector[column]);
            sum0 = FloatVector.fromArray(FLOATS, matrix, offset).fma(value, sum0);
            sum1 = FloatVector.fromArray(FLOATS, matrix, offset + lanes).fma(value, sum1);
            sum2 = FloatVector.fromArray(FLOATS, matrix, offset + 2 * lanes).fma(value, sum2);
            sum3 = FloatVector.fromArray(FLOATS, matrix, offset + 3 * lanes).fma(value, sum3);
        }
        sum0.intoArray(result, 0);
        sum1.intoArray(result, lanes);
        sum2.intoArray(result, 2 * lanes);
        sum3.intoArray(result, 3 * lanes);
    }

    /**
     * {@code target += row rowᵀ} for the row {@code rows[offset .. offset + size)} and a row-major
     * {@code size × size} target: one vector multiply-add per lane group of each target row.
     */
    static void addOuterProduct(float[] target, float[] rows, int offset, int size) {
        int bound = FLOATS.loopBound(size);
        for (int first = 0; first < size; first++) {
            float value = rows[offset + first];
            FloatVector scale = FloatVector.broadcast(FLOATS, value);
            int targetRow = first * size;
            int index = 0;
            for (; index < bound; index += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, rows, offset + index)
                        .fma(scale, FloatVector.fromArray(FLOATS, target, targetRow + index))
                        .intoArray(target, targetRow + index);
            }
            for (; index < size; index++) {
                target[targetRow + index] += value * rows[offset + index];
            }
        }
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
