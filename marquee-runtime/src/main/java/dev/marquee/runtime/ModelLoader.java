package dev.marquee.runtime;

/** Turns a verified artifact into a model ready to serve. */
@FunctionalInterface
public interface ModelLoader {
    ServedModel load(byte[] artifact);
}
