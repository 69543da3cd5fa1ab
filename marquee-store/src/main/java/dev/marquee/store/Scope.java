package dev.marquee.store;

/** What an API key may do. {@code ADMIN} implies every other scope within its tenant. */
public enum Scope {
    ADMIN,
    TRAIN,
    DEPLOY,
    INFER
}
