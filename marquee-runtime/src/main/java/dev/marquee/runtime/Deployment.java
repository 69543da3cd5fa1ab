package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Murmur3;
import dev.marquee.store.EndpointBatching;
import dev.marquee.store.EndpointRecord;
import dev.marquee.store.ModelVersionRecord;
import java.util.List;
import java.util.Optional;

/**
 * What an endpoint serves right now, as one immutable snapshot: its record, its weighted variants (every model
 * loaded), its shadows and its batching settings. {@link Deployments} swaps a whole snapshot with one reference
 * write, so a request sees either the old configuration or the new one, never a mixture.
 *
 * @param variants at least one; the first is the control of an experiment
 * @param batchingPolicy how the scheduler batches its requests: the endpoint's settings or the server's defaults
 */
public record Deployment(
        EndpointRecord endpoint, List<Variant> variants, List<ShadowVariant> shadows, BatchingPolicy batchingPolicy) {
    /** Seed of the routing-key hash; changing it would move every sticky assignment. */
    private static final int ROUTING_SEED = 0x4d51_7565; // "MQue"
    private static final double TWO_TO_THE_32 = 4294967296.0;

    public Deployment {
        requireNonNull(endpoint, "endpoint is null");
        variants = List.copyOf(requireNonNull(variants, "variants is null"));
        shadows = List.copyOf(requireNonNull(shadows, "shadows is null"));
        requireNonNull(batchingPolicy, "batchingPolicy is null");
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one variant");
        }
        if (!(variants.stream().mapToDouble(Variant::weight).sum() > 0)) {
            throw new IllegalArgumentException("variant weights must sum to a positive number");
        }
    }

    /** The control's model version: the only one of a plain deployment. */
    public ModelVersionRecord version() {
        return variants.getFirst().version();
    }

    /** The distinct model versions the routes serve, in route order (OIP metadata {@code versions}). */
    public List<String> servedVersions() {
        return variants.stream().map(variant -> Integer.toString(variant.version().version())).distinct().toList();
    }

    /** The control's model, whose metadata the endpoint advertises. */
    public ServedModel model() {
        return variants.getFirst().model();
    }

    /** The endpoint's batching settings, for the batching scheduler; empty when batching is off. */
    public Optional<EndpointBatching> batching() {
        return endpoint.batching();
    }

    /**
     * The variant a routing key is assigned to: the key's MurmurHash3 (salted with the endpoint name, so that one
     * user's buckets in different endpoints are independent) as a fraction of 2³², placed on the cumulative weights.
     * The same key gets the same variant as long as the weights do not change; when a canary's weight grows, keys
     * only move towards it.
     */
    public Variant variantFor(String routingKey) {
        int hash = Murmur3.hash32(endpoint.name() + '\u0000' + routingKey, ROUTING_SEED);
        return variantAt((hash & 0xffff_ffffL) / TWO_TO_THE_32);
    }

    /** The variant at {@code fraction} ∈ [0, 1) of the cumulative weights (a uniform draw gives a random variant). */
    public Variant variantAt(double fraction) {
        double total = 0;
        for (Variant variant : variants) {
            total += variant.weight();
        }
        double target = fraction * total;
        double cumulative = 0;
        Variant last = variants.getFirst();
        for (Variant variant : variants) {
            if (variant.weight() <= 0) {
                continue;
            }
            cumulative += variant.weight();
            last = variant;
            if (target < cumulative) {
                return variant;
            }
        }
        return last;
    }

    /** The first variant serving version {@code version} of its model, for requests that name a version. */
    public Optional<Variant> variantServing(int version) {
        return variants.stream().filter(variant -> variant.version().version() == version).findFirst();
    }
}
