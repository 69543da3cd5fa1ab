package dev.marquee.core;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated, seeded sample data for the quickstart and tests: a streaming service's viewers with a known
 * relationship between their behaviour and whether they churned, so a trained model's quality is predictable.
 */
public final class SampleDatasets {
    private static final String[] PLANS = {"basic", "standard", "premium"};
    private static final String[] GENRES = {"drama", "comedy", "documentary", "anime", "thriller", "kids"};

    private SampleDatasets() {}

    /**
     * CSV with header {@code age,plan,weekly_hours,sessions_per_week,has_kids,favourite_genre,signup_date,
     * monthly_spend,churned}. {@code churned} follows a logistic model of hours, sessions, plan and tenure with
     * noise; {@code monthly_spend} is a linear function of plan, hours and kids plus small noise. About 3% of ages
     * are missing.
     */
    public static String viewerChurn(int rows, long seed) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + rows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(rows * 80);
        csv.append("age,plan,weekly_hours,sessions_per_week,has_kids,favourite_genre,signup_date,monthly_spend,churned\n");
        LocalDate firstSignup = LocalDate.of(2019, 1, 1);
        for (int row = 0; row < rows; row++) {
            int age = 16 + random.nextInt(60);
            int planIndex = random.nextInt(PLANS.length);
            double hours = Math.max(0, 2 + random.nextDouble() * 18 + gaussian(random) * 2);
            int sessions = 1 + random.nextInt(14);
            boolean kids = random.nextDouble() < 0.35;
            String genre = GENRES[random.nextInt(GENRES.length)];
            int tenureDays = random.nextInt(2000);
            LocalDate signup = firstSignup.plusDays(2000 - tenureDays);
            double spend = 6 + 5 * planIndex + 0.15 * hours + (kids ? 2 : 0) + gaussian(random) * 0.5;
            double logit = 2.2 - 0.28 * hours - 0.22 * sessions - 0.6 * planIndex - tenureDays / 900.0
                    + (genre.equals("documentary") ? 0.8 : 0);
            boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-1.5 * logit));
            csv.append(random.nextDouble() < 0.03 ? "" : Integer.toString(age)).append(',')
                    .append(PLANS[planIndex]).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", hours)).append(',')
                    .append(sessions).append(',')
                    .append(kids).append(',')
                    .append(genre).append(',')
                    .append(signup).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", spend)).append(',')
                    .append(churned ? "yes" : "no").append('\n');
        }
        return csv.toString();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
