package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an endpoint serves: its weighted routes (the first is the control of an experiment), its shadows and
 * its batching settings.
 *
 * <p>The constructor checks what can be checked without the database and reports INVALID_ARGUMENT naming the REST
 * field ({@code routes[1].weight}): at least one route, weights finite and non-negative with a positive sum, shadow
 * percentages in (0, 100], names unique across routes and shadows.
 */
public record EndpointTraffic(
        List<EndpointRoute> routes, List<EndpointShadow> shadows, Optional<EndpointBatching> batching) {
    public EndpointTraffic {
        routes = List.copyOf(requireNonNull(routes, "routes is null"));
        shadows = List.copyOf(requireNonNull(shadows, "shadows is null"));
        requireNonNull(batching, "batching is null");
        if (routes.isEmpty()) {
            throw MarqueeException.invalid("'routes' must name at least one route");
        }
        double total = 0;
        Set<String> names = new HashSet<>();
        for (int index = 0; index < routes.size(); index++) {
            EndpointRoute route = routes.get(index);
            if (!Double.isFinite(route.weight()) || route.weight() < 0) {
                throw MarqueeException.invalid(
                        "'routes[%d].weight' must be a non-negative number, got %s", index, route.weight());
            }
            total += route.weight();
            requireUniqueName(names, route.name(), "routes[%d].name".formatted(index));
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw MarqueeException.invalid("'routes' weights must sum to a positive number, got %s", total);
        }
        for (int index = 0; index < shadows.size(); index++) {
            EndpointShadow shadow = shadows.get(index);
            if (!(shadow.percent() > 0 && shadow.percent() <= 100)) {
                throw MarqueeException.invalid(
                        "'shadows[%d].percent' must be more than 0 and at most 100, got %s", index, shadow.percent());
            }
            requireUniqueName(names, shadow.name(), "shadows[%d].name".formatted(index));
        }
    }

    /** One route carrying all traffic, no shadow, no batching: what {@code POST /v1/endpoints} with a model makes. */
    public static EndpointTraffic single(String modelName, String reference, int version) {
        return new EndpointTraffic(
                List.of(new EndpointRoute(
                        EndpointRoute.defaultName(modelName, version), modelName, reference, version, 100)),
                List.of(),
                Optional.empty());
    }

    /** The sum of the route weights; positive. */
    public double totalWeight() {
        return routes.stream().mapToDouble(EndpointRoute::weight).sum();
    }

    private static void requireUniqueName(Set<String> names, String name, String field) {
        if (!names.add(name)) {
            throw MarqueeException.invalid(
                    "'%s': the name '%s' is already used by another route or shadow of this endpoint; give each a"
                            + " distinct 'name'",
                    field, name);
        }
    }
}
