package io.contactsbridge.connector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import io.contactsbridge.connector.http.ApiOperation;

/** Every connector on the class path, found with {@link ServiceLoader}: the hub first, then by id. */
public final class Connectors {
    private Connectors() {
    }

    public static List<Connector> discover() {
        List<Connector> all = new ArrayList<>();
        ServiceLoader.load(Connector.class).forEach(all::add);
        all.sort(Comparator.comparing((Connector c) -> !c.hub()).thenComparing(Connector::id));
        return List.copyOf(all);
    }

    /** The connector with this id. */
    public static Optional<Connector> byId(List<Connector> connectors, String id) {
        return connectors.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** One operation of one connector: by its qualified name ({@code toggl.create-client}), or the hub's by its bare id. */
    public record Found(Connector connector, ApiOperation operation) {
    }

    public static Optional<Found> operation(List<Connector> connectors, String name) {
        for (Connector c : connectors) {
            for (ApiOperation op : c.operations()) {
                if (op.qualifiedName().equals(name) || (c.hub() && op.operationId().equals(name))) {
                    return Optional.of(new Found(c, op));
                }
            }
        }
        return Optional.empty();
    }
}
