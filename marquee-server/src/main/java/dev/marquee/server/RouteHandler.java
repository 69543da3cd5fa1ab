package dev.marquee.server;

/** Handles one call of a route. Throw {@code MarqueeException} for every failure a caller should see. */
@FunctionalInterface
public interface RouteHandler {
    void handle(Call call) throws Exception;
}
