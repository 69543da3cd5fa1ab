/**
 * Classic algorithms over preprocessed feature vectors, registered with core's {@link dev.marquee.core.Algorithm}
 * service-provider interface: {@code linear_regression} (exact least squares with optional L2), {@code elastic_net}
 * (lasso and elastic net by coordinate descent), {@code logistic_regression} (binary and multinomial; L-BFGS, or FISTA
 * with L1), {@code linear_svm} (dual coordinate descent), {@code kernel_svm} (SMO), {@code decision_tree} and
 * {@code random_forest} (histogram CART with TreeSHAP), {@code gradient_boosting} (XGBoost4J) and {@code mlp} (dense
 * networks with Adam, SGD or gradient descent). Everything here replays exactly: the same data, parameters and seed
 * always give the same model.
 */
package dev.marquee.classic;
