package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;

/**
 * Dense feature vectors per item index (for example one-hot genres), used by intra-list diversity. The arrays are
 * copied; all have the same length.
 */
public final class ItemFeatures {
    private final float[][] vectors;

    public ItemFeatures(float[][] vectors) {
        requireNonNull(vectors, "vectors is null");
        this.vectors = new float[vectors.length][];
        for (int item = 0; item < vectors.length; item++) {
            requireNonNull(vectors[item], "vector of item " + item + " is null");
            if (vectors[item].length != vectors[0].length) {
                throw MarqueeException.invalid("item %d has %d features, item 0 has %d", item, vectors[item].length,
                        vectors[0].length);
            }
            this.vectors[item] = vectors[item].clone();
        }
    }

    public int itemCount() {
        return vectors.length;
    }

    /** Cosine similarity of two items' vectors; 0 when either vector is all zeros. */
    public double cosine(int first, int second) {
        float[] left = vectors[first];
        float[] right = vectors[second];
        double dot = 0;
        double leftNorm = 0;
        double rightNorm = 0;
        for (int feature = 0; feature < left.length; feature++) {
            dot += (double) left[feature] * right[feature];
            leftNorm += (double) left[feature] * left[feature];
            rightNorm += (double) right[feature] * right[feature];
        }
        return leftNorm == 0 || rightNorm == 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
    }
}
