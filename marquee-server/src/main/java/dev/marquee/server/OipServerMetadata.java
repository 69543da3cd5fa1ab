package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code GET /v2} and the gRPC {@code ServerMetadata} call answer.
 *
 * @param extensions the protocol extensions Marquee supports: {@code parameters} (request parameters, as Triton
 *     names the extension) and {@code marquee_explanations} (the {@code explain} parameter and the
 *     {@code contributions} output)
 */
record OipServerMetadata(String name, String version, List<String> extensions) {
    OipServerMetadata {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
    }

    static OipServerMetadata of(String version) {
        return new OipServerMetadata("marquee", version, List.of("parameters", "marquee_explanations"));
    }
}
