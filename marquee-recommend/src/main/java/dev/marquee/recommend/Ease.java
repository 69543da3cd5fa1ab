package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * EASE (Steck, 2019), the closed-form item-item model: with the Gram matrix {@code G = XᵀX} of the binary
 * user-item matrix, {@code P = (G + lambda * I)⁻¹} and {@code B[i][j] = -P[i][j] / P[j][j]}, {@code B[j][j] = 0}; a
 * user's score for item {@code j} is the sum of {@code B[i][j]} over the history items {@code i}. Memory and time grow
 * with the square and cube of the item count (about {@code 20 * items²} bytes while fitting), so this is for
 * catalogues of up to about 10,000 items.
 *
 * @param lambda the L2 regularisation, positive (RecBole's default is 250)
 */
public record Ease(double lambda) implements Recommender {
    public Ease {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw MarqueeException.invalid("EASE lambda must be a finite positive number: %s", lambda);
        }
    }

    @Override
    public String name() {
        return "EASE(lambda=" + lambda + ")";
    }

    @Override
    public RecommenderModel fit(Interactions training) {
        requireNonNull(training, "training is null");
        int itemCount = training.itemCount();
        DMatrixRMaj gram = new DMatrixRMaj(itemCount, itemCount);
        double[] data = gram.data;
        new ItemUsers(training).forEachRow((item, counts, touched, touchedCount) -> {
            int row = item * itemCount;
            for (int index = 0; index < touchedCount; index++) {
                data[row + touched[index]] = counts[touched[index]];
            }
            data[row + item] += lambda;
        });
        DMatrixRMaj inverse = new DMatrixRMaj(itemCount, itemCount);
        if (!CommonOps_DDRM.invertSPD(gram, inverse)) {
            throw new IllegalStateException("EASE: the regularised Gram matrix is not positive definite");
        }
        float[] weights = new float[itemCount * itemCount];
        double[] inverseData = inverse.data;
        for (int row = 0; row < itemCount; row++) {
            for (int column = 0; column < itemCount; column++) {
                weights[row * itemCount + column] = row == column
                        ? 0f
                        : (float) (-inverseData[row * itemCount + column] / inverseData[column * itemCount + column]);
            }
        }
        return new Model(training, weights);
    }

    record Model(Interactions training, float[] weights) implements RecommenderModel {
        @Override
        public void scoreHistory(int[] history, float[] scores) {
            int itemCount = training.itemCount();
            Arrays.fill(scores, 0, itemCount, 0f);
            for (int item : history) {
                int row = item * itemCount;
                for (int column = 0; column < itemCount; column++) {
                    scores[column] += weights[row + column];
                }
            }
        }
    }
}
