/**
 * Training: the {@link dev.marquee.training.TrainingPipeline} (validate, split, preprocess, fit, evaluate, package)
 * and, beside it, the asynchronous job service. The pipeline depends on core and the algorithm SPI only.
 */
package dev.marquee.training;
