/**
 * Classic algorithms over preprocessed feature vectors, registered with core's {@link dev.marquee.core.Algorithm}
 * service-provider interface: {@code linear_regression} (exact least squares with optional L2) and
 * {@code logistic_regression} (binary and multinomial, L-BFGS). Everything here is deterministic: the same data and
 * parameters always give the same model.
 */
package dev.marquee.classic;
