/**
 * Marquee's serving runtime: the loaded-model cache, deployments (endpoint → model version, swapped atomically) and
 * the Open Inference Protocol tensor model with its JSON codec, and the sampled, redacted request log
 * ({@link dev.marquee.runtime.RequestLog}). Works without the HTTP server, so benchmarks and
 * embedding applications call it directly.
 */
package dev.marquee.runtime;
