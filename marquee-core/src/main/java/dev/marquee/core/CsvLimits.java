package dev.marquee.core;

/**
 * Limits applied while parsing an uploaded CSV; exceeding one is an {@link ErrorCode#INVALID_ARGUMENT} naming the
 * line and the limit.
 *
 * @param maxColumns most columns a header may declare (default 10,000)
 * @param maxCellBytes most UTF-8 bytes in one cell (default 1 MiB)
 * @param maxRows most data rows (default 50,000,000)
 */
public record CsvLimits(int maxColumns, int maxCellBytes, long maxRows) {
    public static final CsvLimits DEFAULT = new CsvLimits(10_000, 1 << 20, 50_000_000L);

    public CsvLimits {
        if (maxColumns <= 0) {
            throw new IllegalArgumentException("maxColumns must be positive: " + maxColumns);
        }
        if (maxCellBytes <= 0) {
            throw new IllegalArgumentException("maxCellBytes must be positive: " + maxCellBytes);
        }
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
    }
}
