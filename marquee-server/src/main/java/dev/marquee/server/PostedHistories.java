package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.InteractionEvent;
import dev.marquee.store.PostedInteractionRepository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The items users posted to recommender endpoints after training, as {@code /recommend} folds them in: read from the
 * store once per (tenant, endpoint, user) and cached, users without posted items included, so a request usually costs
 * no database read. Entries are keyed by the endpoint's creation time, so an endpoint deleted and deployed again
 * under the same name starts empty, as its stored events do. Posting through this server replaces the user's entry, so their next request sees the events;
 * another replica's posts are seen once this server's entry is dropped (the cache is cleared when it reaches its
 * capacity). Thread-safe.
 */
final class PostedHistories {
    private final PostedInteractionRepository repository;
    private final int perUser;
    private final int capacity;
    private final ConcurrentMap<Key, List<String>> cache = new ConcurrentHashMap<>();

    /** {@code created} tells an endpoint from a deleted one of the same name, whose events were deleted with it. */
    private record Key(String tenantId, String endpointName, Instant created, String userId) {}

    /**
     * @param perUser most items per user, newest first ({@code recommend-posted-history})
     * @param capacity most users cached ({@code recommend-history-cache-size})
     */
    PostedHistories(PostedInteractionRepository repository, int perUser, int capacity) {
        this.repository = requireNonNull(repository, "repository is null");
        this.perUser = perUser;
        this.capacity = capacity;
    }

    /** The user's posted item ids, newest first, at most {@code perUser}; empty when they posted none. */
    List<String> of(String tenantId, String endpointName, Instant created, String userId) {
        Key key = new Key(tenantId, endpointName, created, userId);
        List<String> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> items = List.copyOf(repository.itemsOf(tenantId, endpointName, userId, perUser));
        // putIfAbsent: a post that finished while this read ran has put the newer list, which must win.
        makeRoom();
        List<String> raced = cache.putIfAbsent(key, items);
        return raced == null ? items : raced;
    }

    /** Stores the events and refreshes the cached entries of their users. */
    void post(String tenantId, String endpointName, Instant created, List<InteractionEvent> events) {
        repository.append(tenantId, endpointName, events);
        events.stream().map(InteractionEvent::userId).distinct().forEach(userId -> {
            Key key = new Key(tenantId, endpointName, created, userId);
            makeRoom();
            cache.put(key, List.copyOf(repository.itemsOf(tenantId, endpointName, userId, perUser)));
        });
    }

    private void makeRoom() {
        if (cache.size() >= capacity) {
            cache.clear();
        }
    }
}
