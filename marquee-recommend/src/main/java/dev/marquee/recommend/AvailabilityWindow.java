package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * An item is available in {@code region} from {@code from} (inclusive) until {@code until} (exclusive), so
 * consecutive windows chain without overlap. A window that never ends has {@code until == LocalDate.MAX}. The region
 * is an upper-cased code (for example an ISO 3166 country code); the region {@code *} means every region.
 *
 * @param region the region code, upper-cased on construction, or {@code *}
 * @param from the first day of availability
 * @param until the first day the item is no longer available, after {@code from}
 */
public record AvailabilityWindow(String region, LocalDate from, LocalDate until) {
    /** The region code that matches every region. */
    public static final String EVERY_REGION = "*";

    public AvailabilityWindow {
        requireNonNull(region, "region is null");
        requireNonNull(from, "from is null");
        requireNonNull(until, "until is null");
        region = region.strip().toUpperCase(Locale.ROOT);
        if (region.isEmpty()) {
            throw MarqueeException.invalid("availability region must not be empty");
        }
        if (!until.isAfter(from)) {
            throw MarqueeException.invalid("availability window for %s must end after it starts: %s..%s", region, from,
                    until);
        }
    }

    /** Whether the window covers {@code date} in {@code region} (an upper-cased code). */
    public boolean covers(String region, LocalDate date) {
        return (this.region.equals(EVERY_REGION) || this.region.equals(region))
                && !date.isBefore(from) && date.isBefore(until);
    }
}
