package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.time.Duration;

/**
 * Recommends the same items to everyone: those with the most training interactions, or, time-decayed, those with the
 * largest sum of {@code 0.5^(age / halfLife)} over their interactions, where an interaction's age is measured from the
 * latest training timestamp. Ties go to the lower item index.
 */
public final class MostPopular implements Recommender {
    /** Zero for plain counting. */
    private final long halfLifeSeconds;

    private MostPopular(long halfLifeSeconds) {
        this.halfLifeSeconds = halfLifeSeconds;
    }

    /** Popularity as the number of users who interacted with an item. */
    public static MostPopular counting() {
        return new MostPopular(0);
    }

    /** Popularity decayed with the given half-life (at least one second); the interactions need timestamps. */
    public static MostPopular timeDecayed(Duration halfLife) {
        requireNonNull(halfLife, "halfLife is null");
        if (halfLife.getSeconds() < 1) {
            throw MarqueeException.invalid("popularity half-life must be at least one second: %s", halfLife);
        }
        return new MostPopular(halfLife.getSeconds());
    }

    @Override
    public String name() {
        return halfLifeSeconds == 0 ? "MostPop" : "MostPop(halfLife=" + Duration.ofSeconds(halfLifeSeconds) + ")";
    }

    @Override
    public RecommenderModel fit(Interactions training) {
        requireNonNull(training, "training is null");
        float[] popularity = new float[training.itemCount()];
        if (halfLifeSeconds == 0) {
            int[] counts = training.itemCounts();
            for (int item = 0; item < counts.length; item++) {
                popularity[item] = counts[item];
            }
        } else {
            if (!training.hasTimestamps()) {
                throw MarqueeException.invalid(
                        "time-decayed popularity needs timestamps, and the interactions have none");
            }
            long latest = Long.MIN_VALUE;
            for (int position = 0; position < training.size(); position++) {
                latest = Math.max(latest, training.timestampAt(position));
            }
            double[] sums = new double[training.itemCount()];
            for (int position = 0; position < training.size(); position++) {
                double age = latest - training.timestampAt(position);
                sums[training.itemAt(position)] += Math.pow(0.5, age / halfLifeSeconds);
            }
            for (int item = 0; item < sums.length; item++) {
                popularity[item] = (float) sums[item];
            }
        }
        return new Model(training, popularity);
    }

    record Model(Interactions training, float[] popularity) implements RecommenderModel {
        @Override
        public void scoreHistory(int[] history, float[] scores) {
            System.arraycopy(popularity, 0, scores, 0, popularity.length);
        }
    }
}
