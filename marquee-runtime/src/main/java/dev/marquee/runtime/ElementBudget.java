package dev.marquee.runtime;

import dev.marquee.core.MarqueeException;
import java.util.List;

/**
 * The tensor elements one infer request may still declare ({@code max-infer-elements} over all its inputs). Every
 * transport claims each input's declared shape here <em>before</em> it allocates anything for the tensor, so a request
 * declaring a huge shape is refused without the memory it asks for. One per request; not thread-safe.
 */
public final class ElementBudget {
    private final long limit;
    private long remaining;

    /** @param limit most elements the request may declare over all its inputs; positive */
    public ElementBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        this.remaining = limit;
    }

    /**
     * Validates {@code shape} (non-negative dimensions whose product fits) and takes its element count from the
     * budget.
     *
     * @return the element count, which always fits an array
     * @throws MarqueeException INVALID_ARGUMENT naming the tensor when the shape is malformed or over the limit
     */
    public int claim(String tensorName, List<Long> shape) {
        long declared = InferenceTensor.elementCount(tensorName, shape);
        if (declared > remaining || declared > Integer.MAX_VALUE - 8) {
            throw MarqueeException.invalid(
                    "input '%s': shape %s declares %d elements, over the request limit of %d (max-infer-elements)",
                    tensorName, shape, declared, limit);
        }
        remaining -= declared;
        return (int) declared;
    }
}
