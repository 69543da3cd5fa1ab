package dev.marquee.server;

import static java.util.Objects.requireNonNull;

import io.helidon.http.Method;

/**
 * One REST route: method, path template ({@code {param}} segments), who may call it and the handler. The server's
 * route table is a list of these, so tests and the OpenAPI check can enumerate every route.
 */
public record ApiRoute(Method method, String path, Access access, String summary, RouteHandler handler) {
    public ApiRoute {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(access, "access is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(handler, "handler is null");
    }

    public static ApiRoute get(String path, Access access, String summary, RouteHandler handler) {
        return new ApiRoute(Method.GET, path, access, summary, handler);
    }

    public static ApiRoute post(String path, Access access, String summary, RouteHandler handler) {
        return new ApiRoute(Method.POST, path, access, summary, handler);
    }

    public static ApiRoute put(String path, Access access, String summary, RouteHandler handler) {
        return new ApiRoute(Method.PUT, path, access, summary, handler);
    }

    public static ApiRoute delete(String path, Access access, String summary, RouteHandler handler) {
        return new ApiRoute(Method.DELETE, path, access, summary, handler);
    }
}
