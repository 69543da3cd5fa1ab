package dev.marquee.recommend;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a time, the candidate maximising
 * {@code lambda * relevance - (1 - lambda) * max similarity to the items already picked}, where relevance is the score
 * min-max normalised over the candidates (so it is comparable with a cosine in {@code [0, 1]}) and similarity is the
 * co-occurrence cosine ({@link ItemUsers}), which every model type has. Ties go to the more relevant candidate,
 * so {@code lambda = 1} keeps the relevance order. After each pick the pick's users are marked in a bitset over users
 * ({@code users / 8} bytes per request), so updating the candidates costs one pass over each candidate's users:
 * {@code O(k * sum of the candidates' user counts)}.
 */
final class DiversityReranker {
    private DiversityReranker() {}

    /**
     * The best {@code k} of {@code candidates} (relevance order, best first) by MMR, in pick order.
     */
    static int[] rerank(int[] candidates, float[] scores, int k, double lambda, ItemUsers similarity) {
        int count = candidates.length;
        int wanted = Math.min(k, count);
        if (count == 0) {
            return candidates;
        }
        double best = scores[candidates[0]];
        double worst = scores[candidates[count - 1]];
        double range = best - worst;
        double[] relevance = new double[count];
        double[] closest = new double[count];
        boolean[] picked = new boolean[count];
        for (int index = 0; index < count; index++) {
            relevance[index] = range > 0 ? (scores[candidates[index]] - worst) / range : 1;
        }
        int[] result = new int[wanted];
        long[] marks = lambda < 1 ? similarity.userMarks() : new long[0];
        for (int slot = 0; slot < wanted; slot++) {
            int choice = -1;
            double choiceValue = Double.NEGATIVE_INFINITY;
            for (int index = 0; index < count; index++) {
                if (picked[index]) {
                    continue;
                }
                double value = lambda * relevance[index] - (1 - lambda) * closest[index];
                if (value > choiceValue) {
                    choice = index;
                    choiceValue = value;
                }
            }
            picked[choice] = true;
            result[slot] = candidates[choice];
            if (lambda < 1 && slot + 1 < wanted) {
                // Mark the pick's users once, then each candidate costs one pass over its own users.
                int pick = candidates[choice];
                similarity.markUsers(pick, marks, true);
                int pickCount = similarity.userCount(pick);
                for (int index = 0; index < count; index++) {
                    if (!picked[index]) {
                        closest[index] = Math.max(closest[index],
                                similarity.cosineWithMarked(candidates[index], marks, pickCount));
                    }
                }
                similarity.markUsers(pick, marks, false);
            }
        }
        return result;
    }
}
