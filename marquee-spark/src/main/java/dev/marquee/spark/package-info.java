/**
 * Apache Spark MLlib ALS as the baseline JVM of {@code marquee bench recommend}; never part of the product's classpath.
 */
package dev.marquee.spark;
