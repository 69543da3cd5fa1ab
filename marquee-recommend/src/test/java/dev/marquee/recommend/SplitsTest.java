package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
    @Test
    void splitSizesFollowRecBoleRounding() {
        double[] ratios = {0.8, 0.1, 0.1};
        assertThat(Splits.sizes(3, ratios)).containsExactly(1, 1, 1);
        assertThat(Splits.sizes(4, ratios)).containsExactly(2, 1, 1);
        assertThat(Splits.sizes(5, ratios)).containsExactly(3, 1, 1);
        assertThat(Splits.sizes(10, ratios)).containsExactly(8, 1, 1);
        assertThat(Splits.sizes(25, ratios)).containsExactly(21, 2, 2);
        assertThat(Splits.sizes(10, new double[] {0.75, 0, 0.25})).containsExactly(8, 0, 2);
    }

    @Test
    void perUserRandomSplitPartitionsEachUserAndReplays() {
        Interactions interactions = RecommendFixtures.clustered(60, 40, 2, 12, 0.8, 7);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 42);

        assertPartition(interactions, split);
        for (int user = 0; user < interactions.userCount(); user++) {
            int count = interactions.count(user);
            int[] sizes = Splits.sizes(count, new double[] {0.8, 0.1, 0.1});
            assertThat(new int[] {split.train().count(user), split.validation().count(user), split.test().count(user)})
                    .containsExactly(sizes);
        }
        Split again = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 42);
        Split other = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 43);
        assertThat(itemsByUser(again.test())).isEqualTo(itemsByUser(split.test()));
        assertThat(itemsByUser(other.test())).isNotEqualTo(itemsByUser(split.test()));
    }

    @Test
    void usersWithFewerThanThreeInteractionsStayInTrain() throws IOException {
        Interactions interactions = read("user,item\na,1\na,2\nb,1\nc,1\nc,2\nc,3\n");
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 1);

        int a = interactions.userIndex("a").orElseThrow();
        int b = interactions.userIndex("b").orElseThrow();
        int c = interactions.userIndex("c").orElseThrow();
        assertThat(split.train().count(a)).isEqualTo(2);
        assertThat(split.train().count(b)).isEqualTo(1);
        assertThat(new int[] {split.train().count(c), split.validation().count(c), split.test().count(c)})
                .containsExactly(1, 1, 1);
        assertThat(split.validation().count(a) + split.test().count(a)).isZero();
    }

    @Test
    void leaveLastOutHoldsOutTheLatestTwoByTime() throws IOException {
        Interactions interactions = read("user,item,timestamp\nu,x,40\nu,y,10\nu,z,30\nu,w,20\nv,x,1\nv,y,2\n");
        Split split = Splits.leaveLastOut(interactions);

        int u = interactions.userIndex("u").orElseThrow();
        int v = interactions.userIndex("v").orElseThrow();
        assertPartition(interactions, split);
        assertThat(split.test().itemsOf(u)).containsExactly(interactions.itemIndex("x").orElseThrow());
        assertThat(split.validation().itemsOf(u)).containsExactly(interactions.itemIndex("z").orElseThrow());
        assertThat(split.train().count(u)).isEqualTo(2);
        assertThat(split.train().count(v)).isEqualTo(2);
    }

    @Test
    void globalTemporalSplitPutsThePastInTrain() throws IOException {
        StringBuilder csv = new StringBuilder("user,item,timestamp\n");
        for (int event = 0; event < 10; event++) {
            csv.append("u").append(event % 3).append(",i").append(event).append(',').append(100 - event).append('\n');
        }
        Interactions interactions = read(csv.toString());
        Split split = Splits.globalTemporal(interactions, 0.8, 0.1, 0.1);

        assertPartition(interactions, split);
        // Timestamps 100 - event: the latest events are the first ones written.
        assertThat(split.test().size()).isEqualTo(1);
        assertThat(split.test().itemId(split.test().itemAt(0))).isEqualTo("i0");
        assertThat(split.validation().itemId(split.validation().itemAt(0))).isEqualTo("i1");
        assertThat(split.train().size()).isEqualTo(8);
    }

    @Test
    void timeSplitsNeedTimestamps() throws IOException {
        Interactions interactions = read("user,item\na,1\n");
        assertThatThrownBy(() -> Splits.leaveLastOut(interactions)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("timestamps");
        assertThatThrownBy(() -> Splits.globalTemporal(interactions, 0.8, 0.1, 0.1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("timestamps");
        assertThatThrownBy(() -> Splits.perUserRandom(interactions, 0.8, 0.3, 0.1, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("sum to 1");
    }

    @Test
    void unionRestoresTheSource() {
        Interactions interactions = RecommendFixtures.clustered(20, 30, 2, 8, 0.5, 3);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 5);

        Interactions all = split.trainAndValidation().union(split.test());
        assertThat(itemsByUser(all)).isEqualTo(itemsByUser(interactions));
        assertThat(all.timestampAt(0)).isEqualTo(interactions.timestampAt(0));
    }

    @Test
    void kFoldTestsEveryInteractionExactlyOnce() {
        Interactions interactions = RecommendFixtures.clustered(40, 30, 2, 9, 0.5, 3);
        List<Split> folds = Splits.kFold(interactions, 5, 11);

        assertThat(folds).hasSize(5);
        int total = interactions.size();
        int[] testedTimes = new int[total];
        for (Split fold : folds) {
            assertPartition(interactions, fold);
            assertThat(fold.validation().size()).isZero();
            assertThat(fold.test().size()).isBetween(total / 5, total / 5 + 1);
            assertThat(fold.test().ratingAt(0)).isPositive();
            for (int user = 0; user < interactions.userCount(); user++) {
                for (int position = interactions.start(user); position < interactions.end(user); position++) {
                    if (fold.test().contains(user, interactions.itemAt(position))) {
                        testedTimes[position]++;
                    }
                }
            }
        }
        assertThat(testedTimes).containsOnly(1);
        // The first size % 5 folds take the extra interaction.
        for (int fold = 0; fold < 5; fold++) {
            assertThat(folds.get(fold).test().size()).isEqualTo(total / 5 + (fold < total % 5 ? 1 : 0));
        }
    }

    @Test
    void kFoldReplaysWithTheSeed() {
        Interactions interactions = RecommendFixtures.clustered(30, 20, 2, 8, 0.5, 5);

        List<Split> first = Splits.kFold(interactions, 3, 7);
        List<Split> second = Splits.kFold(interactions, 3, 7);
        List<Split> otherSeed = Splits.kFold(interactions, 3, 8);
        for (int fold = 0; fold < 3; fold++) {
            assertThat(itemsByUser(second.get(fold).test())).isEqualTo(itemsByUser(first.get(fold).test()));
        }
        assertThat(itemsByUser(otherSeed.get(0).test())).isNotEqualTo(itemsByUser(first.get(0).test()));
    }

    @Test
    void kFoldNeedsTwoToSizeFolds() throws IOException {
        Interactions three = read("user,item\na,x\na,y\nb,x\n");
        assertThatThrownBy(() -> Splits.kFold(three, 1, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("folds").hasMessageContaining(": 1");
        assertThatThrownBy(() -> Splits.kFold(three, 4, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining(": 4");
        assertThat(Splits.kFold(three, 3, 1)).allSatisfy(fold -> assertThat(fold.test().size()).isEqualTo(1));
    }

    private static void assertPartition(Interactions interactions, Split split) {
        assertThat(split.train().size() + split.validation().size() + split.test().size())
                .isEqualTo(interactions.size());
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int item : interactions.itemsOf(user)) {
                int parts = (split.train().contains(user, item) ? 1 : 0)
                        + (split.validation().contains(user, item) ? 1 : 0)
                        + (split.test().contains(user, item) ? 1 : 0);
                assertThat(parts).as("user %s item %s", user, item).isEqualTo(1);
            }
        }
    }

    private static List<List<Integer>> itemsByUser(Interactions interactions) {
        List<List<Integer>> result = new ArrayList<>();
        for (int user = 0; user < interactions.userCount(); user++) {
            result.add(Arrays.stream(interactions.itemsOf(user)).boxed().toList());
        }
        return result;
    }

    private static Interactions read(String csv) throws IOException {
        return InteractionReader.read(new StringReader(csv), InteractionFormat.CSV);
    }
}
