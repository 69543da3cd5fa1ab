package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.marquee.core.MarqueeException;
import java.util.List;

/**
 * The values one hyper-parameter may take in a search: a list of values, or a numeric range. In JSON a list is
 * {@code {"values": ["0.01", "1"]}} and a range {@code {"min": 1, "max": 8, "log": false, "integer": true}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(SearchSpace.Values.class), @JsonSubTypes.Type(SearchSpace.Range.class)})
public sealed interface SearchSpace {
    /**
     * Each of these values, as the algorithm reads them from text.
     *
     * @throws MarqueeException INVALID_ARGUMENT when the list is empty
     */
    record Values(List<String> values) implements SearchSpace {
        public Values {
            values = List.copyOf(requireNonNull(values, "values is null"));
            if (values.isEmpty()) {
                throw MarqueeException.invalid("a list of values to search must not be empty");
            }
        }
    }

    /**
     * Numbers from {@code min} to {@code max}, both included.
     *
     * @param log spread the values evenly on a logarithmic scale, as suits a regularisation strength or a learning
     *     rate; needs {@code min > 0}
     * @param integer only whole numbers, written without a decimal point; the range must contain one
     * @throws MarqueeException INVALID_ARGUMENT when a bound is not finite, {@code min > max}, a log range does not
     *     start above 0 or an integer range holds no integer
     */
    record Range(double min, double max, boolean log, boolean integer) implements SearchSpace {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max)) {
                throw MarqueeException.invalid("a range needs finite bounds, was [%s, %s]", min, max);
            }
            if (min > max) {
                throw MarqueeException.invalid("a range's min must not exceed its max, was [%s, %s]", min, max);
            }
            if (log && min <= 0) {
                throw MarqueeException.invalid("a log range must start above 0, was [%s, %s]", min, max);
            }
            if (integer && Math.ceil(min) > Math.floor(max)) {
                throw MarqueeException.invalid("an integer range must contain an integer, was [%s, %s]", min, max);
            }
        }
    }
}
