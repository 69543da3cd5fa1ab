package dev.marquee.runtime;

/**
 * The statistics of an A/B experiment as small pure functions: confidence intervals of a rate (Wilson score) and of
 * a mean (Student t), the two-proportion z-test and Welch's t-test, and the normal and Student t distributions they
 * need. The special functions follow Numerical Recipes (3rd ed., §6.1–6.4): log-gamma by Lanczos, the incomplete
 * gamma and beta functions by series and continued fractions; they are accurate to about 1e-12. Stateless and
 * thread-safe.
 */
public final class ExperimentStatistics {
    private static final int MAX_ITERATIONS = 500;
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    private ExperimentStatistics() {}

    /** A closed interval; for a confidence interval, {@code lower <= upper}. */
    public record Interval(double lower, double upper) {}

    /**
     * A two-sided test of a difference between a variant and the control.
     *
     * @param difference the variant's estimate minus the control's
     * @param interval the confidence interval of {@code difference}
     * @param statistic z or t
     * @param degreesOfFreedom of the t statistic; infinite for a z-test
     * @param pValue two-sided
     */
    public record Comparison(
            double difference, Interval interval, double statistic, double degreesOfFreedom, double pValue) {}

    /** P(Z ≤ x) for a standard normal Z. */
    public static double normalCdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        // Φ(x) = erfc(-x/√2)/2 and erfc(y) = Q(1/2, y²) for y ≥ 0.
        double half = 0.5 * regularizedGammaQ(0.5, x * x / 2);
        return x >= 0 ? 1 - half : half;
    }

    /** The {@code p}-quantile of the standard normal distribution, 0 < p < 1. */
    public static double normalQuantile(double p) {
        requireProbability(p);
        // Acklam's rational approximation (relative error 1.2e-9), then one Halley step on the accurate CDF.
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        double x;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - low) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double error = normalCdf(x) - p;
        double u = error * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /** P(T ≤ t) for Student's t with {@code degreesOfFreedom} > 0 (not necessarily an integer). */
    public static double studentTCdf(double t, double degreesOfFreedom) {
        requirePositive(degreesOfFreedom, "degreesOfFreedom");
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(degreesOfFreedom)) {
            return normalCdf(t);
        }
        double tail = 0.5 * regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The {@code p}-quantile of Student's t with {@code degreesOfFreedom} > 0. */
    public static double studentTQuantile(double p, double degreesOfFreedom) {
        requireProbability(p);
        requirePositive(degreesOfFreedom, "degreesOfFreedom");
        if (Double.isInfinite(degreesOfFreedom)) {
            return normalQuantile(p);
        }
        // Bisection: the CDF is monotone, and the bracket grows until it holds the quantile.
        double lower = -1;
        double upper = 1;
        while (studentTCdf(lower, degreesOfFreedom) > p) {
            lower *= 2;
        }
        while (studentTCdf(upper, degreesOfFreedom) < p) {
            upper *= 2;
        }
        for (int iteration = 0; iteration < 200 && upper - lower > 1e-13 * Math.max(1, Math.abs(upper)); iteration++) {
            double middle = (lower + upper) / 2;
            if (studentTCdf(middle, degreesOfFreedom) < p) {
                lower = middle;
            } else {
                upper = middle;
            }
        }
        return (lower + upper) / 2;
    }

    /** The Wilson score interval of a rate {@code successes / trials}; trials > 0. */
    public static Interval wilson(long successes, long trials, double confidence) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials and trials > 0: %d of %d".formatted(successes, trials));
        }
        double z = normalQuantile(1 - (1 - confidence) / 2);
        double n = trials;
        double rate = successes / n;
        double denominator = 1 + z * z / n;
        double centre = (rate + z * z / (2 * n)) / denominator;
        double halfWidth = z * Math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / denominator;
        // At 0 or all successes the bound is exactly 0 or 1; computing it would leave rounding dust.
        double lower = successes == 0 ? 0 : Math.max(0, centre - halfWidth);
        double upper = successes == trials ? 1 : Math.min(1, centre + halfWidth);
        return new Interval(lower, upper);
    }

    /** The Student t interval of a mean from {@code count} ≥ 2 observations with sample variance {@code variance}. */
    public static Interval meanInterval(double mean, double variance, long count, double confidence) {
        if (count < 2) {
            throw new IllegalArgumentException("a mean's interval needs at least 2 observations: " + count);
        }
        double halfWidth =
                studentTQuantile(1 - (1 - confidence) / 2, count - 1) * Math.sqrt(Math.max(0, variance) / count);
        return new Interval(mean - halfWidth, mean + halfWidth);
    }

    /**
     * The two-proportion z-test of {@code variantSuccesses/variantTrials} against the control's rate. The test uses
     * the pooled standard error (the null hypothesis is equal rates); the difference's interval uses the unpooled
     * one. A statistic of 0 and a p-value of 1 when both rates are 0 or both are 1 (no variance to test).
     */
    public static Comparison twoProportionZTest(
            long controlSuccesses,
            long controlTrials,
            long variantSuccesses,
            long variantTrials,
            double confidence) {
        if (controlTrials <= 0 || variantTrials <= 0) {
            throw new IllegalArgumentException("both groups need trials");
        }
        double controlRate = (double) controlSuccesses / controlTrials;
        double variantRate = (double) variantSuccesses / variantTrials;
        double difference = variantRate - controlRate;
        double pooled = (double) (controlSuccesses + variantSuccesses) / (controlTrials + variantTrials);
        double pooledError = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / variantTrials));
        double z = pooledError > 0 ? difference / pooledError : 0;
        double pValue = pooledError > 0 ? 2 * normalCdf(-Math.abs(z)) : 1;
        double unpooledError = Math.sqrt(controlRate * (1 - controlRate) / controlTrials
                + variantRate * (1 - variantRate) / variantTrials);
        double halfWidth = normalQuantile(1 - (1 - confidence) / 2) * unpooledError;
        return new Comparison(
                difference,
                new Interval(difference - halfWidth, difference + halfWidth),
                z,
                Double.POSITIVE_INFINITY,
                pValue);
    }

    /**
     * Welch's unequal-variances t-test of the variant's mean against the control's, with Welch–Satterthwaite
     * degrees of freedom; each group needs at least 2 observations. A statistic of 0 and a p-value of 1 when both
     * variances are 0 and the means are equal.
     */
    public static Comparison welchTTest(
            double controlMean,
            double controlVariance,
            long controlCount,
            double variantMean,
            double variantVariance,
            long variantCount,
            double confidence) {
        if (controlCount < 2 || variantCount < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 observations per group");
        }
        double controlShare = Math.max(0, controlVariance) / controlCount;
        double variantShare = Math.max(0, variantVariance) / variantCount;
        double difference = variantMean - controlMean;
        double standardError = Math.sqrt(controlShare + variantShare);
        if (standardError == 0) {
            double pValue = difference == 0 ? 1 : 0;
            double statistic = difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
            return new Comparison(difference, new Interval(difference, difference), statistic,
                    controlCount + variantCount - 2, pValue);
        }
        double degreesOfFreedom = Math.pow(controlShare + variantShare, 2)
                / (controlShare * controlShare / (controlCount - 1) + variantShare * variantShare / (variantCount - 1));
        double t = difference / standardError;
        double pValue = 2 * studentTCdf(-Math.abs(t), degreesOfFreedom);
        double halfWidth = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
        return new Comparison(
                difference, new Interval(difference - halfWidth, difference + halfWidth), t, degreesOfFreedom, pValue);
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms). */
    static double logGamma(double x) {
        double[] coefficients = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double shifted = x - 1;
        double sum = coefficients[0];
        double t = shifted + 7.5;
        for (int index = 1; index < coefficients.length; index++) {
            sum += coefficients[index] / (shifted + index);
        }
        return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function. */
    static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.exp(logPrefix);
        }
        // Continued fraction by the modified Lentz method.
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(logPrefix) * h;
    }

    /** I_x(a, b), the regularized incomplete beta function, 0 ≤ x ≤ 1. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaContinuedFraction(1 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < TINY ? TINY : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int twoM = 2 * m;
            double even = m * (b - m) * x / ((a + twoM - 1) * (a + twoM));
            d = 1 + even * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + even / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1));
            d = 1 + odd * d;
            d = Math.abs(d) < TINY ? TINY : d;
            c = 1 + odd / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return h;
    }

    private static void requireProbability(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
