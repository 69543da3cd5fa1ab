package dev.marquee.server;

import static dev.marquee.server.ConfigChecks.requirePositive;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The recommendation part of {@link ServerConfig} ({@link ServerConfigLoader} documents the keys and defaults).
 *
 * @param maxInteractionEvents most events one {@code POST /v1/endpoints/{e}/interactions} may carry
 *     ({@code recommend-max-events})
 * @param postedHistoryLimit most posted items per user that {@code /recommend} folds in, newest first
 *     ({@code recommend-posted-history})
 * @param historyCacheSize users whose posted items are cached per server; the cache is cleared when full
 *     ({@code recommend-history-cache-size})
 * @param maxRetrainEvents most posted events one endpoint retrain appends ({@code recommend-max-retrain-events})
 * @param retrainInterval how often endpoints with posted events not yet appended are retrained (and, with one route,
 *     redeployed); empty when scheduled retrains are off ({@code recommender-retrain-interval})
 * @param approximateAbove factor-model recommenders over more items than this answer unfiltered requests from an
 *     approximate (HNSW) item index ({@code recommend-approximate-above})
 */
public record RecommendOptions(int maxInteractionEvents, int postedHistoryLimit, int historyCacheSize,
        int maxRetrainEvents, Optional<Duration> retrainInterval, int approximateAbove) {
    public RecommendOptions {
        requireNonNull(retrainInterval, "retrainInterval is null");
        retrainInterval.ifPresent(interval -> requirePositive("recommender-retrain-interval", interval.toMillis()));
        requirePositive("recommend-max-events", maxInteractionEvents);
        requirePositive("recommend-posted-history", postedHistoryLimit);
        requirePositive("recommend-history-cache-size", historyCacheSize);
        requirePositive("recommend-max-retrain-events", maxRetrainEvents);
        requirePositive("recommend-approximate-above", approximateAbove + 1L);
    }
}
