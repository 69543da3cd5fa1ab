package dev.marquee.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.runtime.ExperimentStatistics.Comparison;
import dev.marquee.runtime.ExperimentStatistics.Interval;
import org.junit.jupiter.api.Test;

/** Reference values from textbooks (Newcombe 1998) and SciPy 1.17 ({@code scipy.stats}). */
class ExperimentStatisticsTest {
    private static final double TIGHT = 1e-9;

    @Test
    void normalDistributionMatchesReferenceValues() {
        assertThat(ExperimentStatistics.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(TIGHT));
        assertThat(ExperimentStatistics.normalCdf(-3.5)).isCloseTo(0.00023262907903552502, within(1e-13));
        assertThat(ExperimentStatistics.normalCdf(0)).isCloseTo(0.5, within(TIGHT));
        assertThat(ExperimentStatistics.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(TIGHT));
        assertThat(ExperimentStatistics.normalQuantile(0.001)).isCloseTo(-3.090232306167813, within(TIGHT));
    }

    @Test
    void studentTDistributionMatchesReferenceValues() {
        assertThat(ExperimentStatistics.studentTCdf(2.0, 5)).isCloseTo(0.9490302605850708, within(TIGHT));
        assertThat(ExperimentStatistics.studentTCdf(-1.5, 3.7)).isCloseTo(0.10679908460100675, within(TIGHT));
        assertThat(ExperimentStatistics.studentTQuantile(0.975, 10)).isCloseTo(2.228138851986274, within(TIGHT));
        assertThat(ExperimentStatistics.studentTQuantile(0.975, 2.5)).isCloseTo(3.5746548420036817, within(TIGHT));
        assertThat(ExperimentStatistics.studentTQuantile(0.975, 1000)).isCloseTo(1.9623390808264083, within(TIGHT));
    }

    @Test
    void wilsonIntervalMatchesNewcombesExample() {
        // Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662.
        Interval interval = ExperimentStatistics.wilson(81, 263, 0.95);

        assertThat(interval.lower()).isCloseTo(0.2552885198782742, within(TIGHT));
        assertThat(interval.upper()).isCloseTo(0.36620957698280004, within(TIGHT));
    }

    @Test
    void wilsonIntervalStaysInsideZeroAndOneAtTheExtremes() {
        assertThat(ExperimentStatistics.wilson(0, 10, 0.95))
                .satisfies(interval -> {
                    assertThat(interval.lower()).isEqualTo(0);
                    assertThat(interval.upper()).isCloseTo(0.2775327998628892, within(TIGHT));
                });
        assertThat(ExperimentStatistics.wilson(10, 10, 0.95).upper()).isEqualTo(1);
        assertThat(ExperimentStatistics.wilson(10, 10, 0.95).lower()).isCloseTo(0.7224672001371107, within(TIGHT));
    }

    @Test
    void twoProportionZTestMatchesTheChiSquareTestWithoutCorrection() {
        // 200/1000 against 250/1000: chi-square 7.1685 = z², p = 0.0074196.
        Comparison comparison = ExperimentStatistics.twoProportionZTest(200, 1000, 250, 1000, 0.95);

        assertThat(comparison.difference()).isCloseTo(0.05, within(TIGHT));
        assertThat(comparison.statistic()).isCloseTo(2.677397763008329, within(TIGHT));
        assertThat(comparison.statistic() * comparison.statistic()).isCloseTo(7.168458781362007, within(1e-8));
        assertThat(comparison.pValue()).isCloseTo(0.007419649261025687, within(TIGHT));
        assertThat(comparison.interval().lower()).isCloseTo(0.01346362168753984, within(TIGHT));
        assertThat(comparison.interval().upper()).isCloseTo(0.08653637831246014, within(TIGHT));
    }

    @Test
    void twoProportionZTestOfIdenticalDegenerateGroupsIsNotSignificant() {
        Comparison comparison = ExperimentStatistics.twoProportionZTest(0, 50, 0, 80, 0.95);

        assertThat(comparison.pValue()).isEqualTo(1);
        assertThat(comparison.statistic()).isZero();
    }

    @Test
    void welchTestMatchesScipy() {
        // scipy.stats.ttest_ind_from_stats(12, 3, 25, 10, 2, 20, equal_var=False), signs for variant minus control.
        Comparison comparison = ExperimentStatistics.welchTTest(10.0, 4.0, 20, 12.0, 9.0, 25, 0.95);

        assertThat(comparison.statistic()).isCloseTo(2.6726124191242437, within(TIGHT));
        assertThat(comparison.pValue()).isCloseTo(0.010686816561632893, within(TIGHT));
        assertThat(comparison.degreesOfFreedom()).isCloseTo(41.784011220196355, within(TIGHT));
        assertThat(comparison.interval().lower()).isCloseTo(0.48957462730259693, within(1e-8));
        assertThat(comparison.interval().upper()).isCloseTo(3.5104253726974033, within(1e-8));
    }

    @Test
    void meanIntervalUsesStudentT() {
        Interval interval = ExperimentStatistics.meanInterval(10, 4, 20, 0.95);

        assertThat(interval.lower()).isCloseTo(9.06397118716016, within(1e-8));
        assertThat(interval.upper()).isCloseTo(10.93602881283984, within(1e-8));
    }

    @Test
    void pValuesAreUniformlyBoundedAndSymmetric() {
        for (double t = -10; t <= 10; t += 0.25) {
            double lower = ExperimentStatistics.studentTCdf(t, 7.5);
            assertThat(lower).isBetween(0.0, 1.0);
            assertThat(lower + ExperimentStatistics.studentTCdf(-t, 7.5)).isCloseTo(1, within(1e-12));
        }
    }
}
