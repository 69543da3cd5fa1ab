/**
 * Marquee's core: datasets and schemas, the preprocessing pipeline, the model SPI, metrics and the model artifact
 * format. No server, store or runtime code lives here.
 */
package dev.marquee.core;
