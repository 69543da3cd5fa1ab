package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import dev.marquee.store.Scope;
import java.util.Set;

/** Who may call a route: anyone (health, metrics), or a key holding one of the scopes (admin holds all). */
public sealed interface Access {
    record Public() implements Access {}

    record Scoped(Set<Scope> anyOf) implements Access {
        public Scoped {
            anyOf = Set.copyOf(requireNonNull(anyOf, "anyOf is null"));
            if (anyOf.isEmpty()) {
                throw new IllegalArgumentException("a scoped route needs at least one scope");
            }
        }
    }

    static Access open() {
        return new Public();
    }

    static Access scopes(Scope... anyOf) {
        return new Scoped(Set.of(anyOf));
    }
}
