package dev.marquee.recommend;

import java.util.SplittableRandom;

/** Generated interaction sets for tests. */
final class RecommendFixtures {
    private RecommendFixtures() {}

    /**
     * Users in {@code groups} taste groups, each liking mostly the items of its own group (a share {@code focus} of
     * their interactions) and otherwise random items; item ids {@code i<n>}, user ids {@code u<n>}, timestamps
     * increasing in generation order.
     */
    static Interactions clustered(int users, int items, int groups, int perUser, double focus, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Interactions.Builder builder = Interactions.builder(true, true);
        int groupSize = items / groups;
        long time = 1_000_000;
        for (int user = 0; user < users; user++) {
            int group = user % groups;
            for (int event = 0; event < perUser; event++) {
                int item = random.nextDouble() < focus
                        ? group * groupSize + random.nextInt(groupSize)
                        : random.nextInt(items);
                builder.add("u" + user, "i" + item, 1 + random.nextInt(5), time++);
            }
        }
        return builder.build();
    }
}
