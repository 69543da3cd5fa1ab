/**
 * Marquee's serving runtime: the loaded-model cache with its memory budget ({@link dev.marquee.runtime.ModelCache}),
 * the inference scheduler with bounded queues, deadlines, cancellation and dynamic batching
 * ({@link dev.marquee.runtime.InferenceScheduler}), deployments (endpoint → model version, swapped atomically) and
 * the Open Inference Protocol tensor model with its JSON codec, and the sampled, redacted request log
 * ({@link dev.marquee.runtime.RequestLog}). Works without the HTTP server, so benchmarks and
 * embedding applications call it directly.
 */
package dev.marquee.runtime;
