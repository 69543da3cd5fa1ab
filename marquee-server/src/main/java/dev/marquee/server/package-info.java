/**
 * Marquee's HTTP server: a thin adapter from REST (management API under {@code /v1}, Open Inference Protocol under
 * {@code /v2}) to the runtime, training and store modules, with authentication, tenancy, error mapping and metrics.
 */
package dev.marquee.server;
