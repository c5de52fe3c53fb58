package io.contactsbridge.contacts;

import java.util.List;
import java.util.Optional;

/**
 * One operation of the HighLevel Contacts API v2, described like a Kamelet action: its
 * operationId (also the route id and the endpoint {@code direct:contacts.<operationId>}), HTTP
 * method and path, its named parameters, the request schema of its body, the OAuth scope it needs
 * and what it does. The route for it is generated from this descriptor; {@code call --list} prints it.
 */
public record ContactsOperation(
        String operationId,
        String method,
        String pathTemplate,
        List<Param> params,
        String bodySchema,
        String scope,
        Paging paging,
        String description) {

    public static final String READ_SCOPE = "contacts.readonly";
    public static final String WRITE_SCOPE = "contacts.write";

    /** Where a parameter goes. Every parameter arrives as a Camel header of the same name. */
    public enum In { PATH, QUERY }

    /** How the operation can follow pages (header {@code followPages=true}). */
    public enum Paging {
        NONE,
        /** {@code meta.startAfterId} / {@code meta.startAfter} of each page name the next one. */
        START_AFTER,
        /** {@code skip} grows by {@code limit} until a short page. */
        SKIP_LIMIT
    }

    /**
     * A named parameter. {@code defaultsToLocation}: when the caller gives none, the configured
     * location id is used.
     */
    public record Param(String name, In in, boolean required, String type, boolean defaultsToLocation, String description) {
        static Param path(String name, String description) {
            return new Param(name, In.PATH, true, "string", false, description);
        }

        static Param query(String name, String type, String description) {
            return new Param(name, In.QUERY, false, type, false, description);
        }

        static Param location() {
            return new Param("locationId", In.QUERY, true, "string", true, "Location id (default: HIGHLEVEL_LOCATION_ID)");
        }
    }

    public String endpoint() {
        return "direct:contacts." + operationId;
    }

    /** True when the operation changes data (needs contacts.write; not sent in dry run). */
    public boolean write() {
        return WRITE_SCOPE.equals(scope);
    }

    /** True for the POSTs that create a new record: never re-sent blindly after a transient failure. */
    public boolean create() {
        return operationId.startsWith("create-");
    }

    public boolean hasBody() {
        return bodySchema != null;
    }

    /** Bodies whose schema has a {@code locationId} field get the configured one when they lack it. */
    public boolean bodyTakesLocation() {
        return List.of("create-contact", "upsert-contact", "search-contacts-advanced").contains(operationId);
    }

    public List<Param> pathParams() {
        return params.stream().filter(p -> p.in() == In.PATH).toList();
    }

    public List<Param> queryParams() {
        return params.stream().filter(p -> p.in() == In.QUERY).toList();
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
