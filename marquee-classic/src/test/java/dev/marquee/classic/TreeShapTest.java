package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TreeShapTest {
    /** x0 <= 0.5 ? 10 : (x1 <= 0.5 ? 20 : 40), with 4 training rows left of the root and 2 + 2 right. */
    private static final Tree TREE = new Tree(
            new int[] {0, 0, 1, 0, 0},
            new double[] {0.5, 0, 0.5, 0, 0},
            new int[] {1, 0, 3, 0, 0},
            new int[] {2, 0, 4, 0, 0},
            new double[] {20, 10, 30, 20, 40},
            new double[] {8, 4, 4, 2, 2});

    @Test
    void attributesAStumpByHand() {
        Tree stump = new Tree(
                new int[] {1, 0, 0},
                new double[] {2.5, 0, 0},
                new int[] {1, 0, 0},
                new int[] {2, 0, 0},
                new double[] {3, 1, 5},
                new double[] {4, 2, 2});
        DecisionTreeModel model = new DecisionTreeModel(2, stump);
        double[][] contributions = new double[1][3];

        model.contributions(new double[] {7, 1}, contributions);

        // Base 3 is the mean leaf value; feature 1 moves it to the left leaf's 1; feature 0 is never split on.
        assertThat(contributions[0]).containsExactly(0, -2, 3);
    }

    @Test
    void splitsCreditBetweenInteractingFeaturesAsShapleyValues() {
        DecisionTreeModel model = new DecisionTreeModel(2, TREE);
        double[][] contributions = new double[1][3];

        model.contributions(new double[] {1, 1}, contributions);

        // Exact Shapley values of v(S) = E[f | x_S] with v({}) = 20, v({0}) = 30, v({1}) = 25, v({0, 1}) = 40.
        assertThat(contributions[0][0]).isCloseTo((30 - 20 + 40 - 25) / 2.0, within(1e-12));
        assertThat(contributions[0][1]).isCloseTo((25 - 20 + 40 - 30) / 2.0, within(1e-12));
        assertThat(contributions[0][2]).isCloseTo(20, within(1e-12));
    }

    @Test
    void creditsAFeatureSplitTwiceOnAPathOnce() {
        Tree repeated = new Tree(
                new int[] {0, 0, 0, 0, 0},
                new double[] {0.5, 0, 1.5, 0, 0},
                new int[] {1, 0, 3, 0, 0},
                new int[] {2, 0, 4, 0, 0},
                new double[] {2.5, 1, 4, 2, 6},
                new double[] {4, 2, 2, 1, 1});
        DecisionTreeModel model = new DecisionTreeModel(1, repeated);
        double[][] contributions = new double[1][2];

        model.contributions(new double[] {2}, contributions);

        assertThat(contributions[0]).containsExactly(6 - 2.5, 2.5);
    }
}
