package io.contactsbridge.connector.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One operation of an external API, described like a Kamelet action: the route that serves it
 * ({@code direct:<namespace>.<operationId>}, id {@link #routeId()}), HTTP method, which base URL and
 * path, its named parameters (each arrives as a Camel header of that name), the request schema of
 * its body, whether it writes or creates, how it pages, and what it does. {@link OperationRoutes}
 * generates the route from this; {@code call --list} and {@code catalog} print it.
 *
 * @param base       key of the base URL in the {@link ApiProfile} ({@link #API} unless the vendor
 *                   serves the operation from another root, as Toggl's Webhooks API)
 * @param bodySchema name of the request body's schema; null when the operation takes no body
 * @param bodyDefaults body fields filled from the profile's defaults when the caller leaves them out
 *                   ({@code locationId})
 * @param scope      the permission the operation needs (OAuth scope), or null
 * @param write      true when it changes data: not sent in dry run, refused when read-only
 * @param create     true when it makes a new record: never re-sent blindly after a transient failure
 * @param paging     how {@code followPages=true} reads every page; null when the operation has one page
 */
public record ApiOperation(String namespace, String operationId, String routeId, String method, String base,
                           String path, List<Param> params, String bodySchema, Set<String> bodyDefaults,
                           String scope, boolean write, boolean create, Paging paging, String description) {

    public static final String API = "api";

    public ApiOperation {
        params = List.copyOf(params);
        bodyDefaults = bodyDefaults == null ? Set.of() : Set.copyOf(bodyDefaults);
        base = base == null ? API : base;
    }

    /**
     * Where a parameter goes. HEADER: a request header of that name (a hook secret on an activation
     * call). FORM: a field of an {@code application/x-www-form-urlencoded} body (APIs such as
     * TimeTonic's take every parameter that way); an operation with form fields sends them as its
     * body, a Map or list value as JSON text.
     */
    public enum In { PATH, QUERY, HEADER, FORM }

    /**
     * A named parameter. {@code defaultKey}: when the caller gives none, the profile's default of
     * that name is used (the configured location, workspace, ...). {@code type} {@code integer} or
     * {@code number} is checked before anything is sent.
     */
    public record Param(String name, In in, boolean required, String type, String defaultKey, String description) {
        public static Param path(String name, String description) {
            return new Param(name, In.PATH, true, "string", null, description);
        }

        public static Param pathId(String name, String defaultKey, String description) {
            return new Param(name, In.PATH, true, "integer", defaultKey, description);
        }

        public static Param query(String name, String type, String description) {
            return new Param(name, In.QUERY, false, type, null, description);
        }

        public static Param header(String name, boolean required, String description) {
            return new Param(name, In.HEADER, required, "string", null, description);
        }

        public static Param requiredQuery(String name, String type, String defaultKey, String description) {
            return new Param(name, In.QUERY, true, type, defaultKey, description);
        }

        public static Param form(String name, String type, String description) {
            return new Param(name, In.FORM, false, type, null, description);
        }

        public static Param requiredForm(String name, String type, String defaultKey, String description) {
            return new Param(name, In.FORM, true, type, defaultKey, description);
        }
    }

    /** {@code direct:<namespace>.<operationId>} */
    public String endpoint() {
        return "direct:" + namespace + "." + operationId;
    }

    /** The name {@code call} and the flows use: {@code <namespace>.<operationId>}. */
    public String qualifiedName() {
        return namespace + "." + operationId;
    }

    public boolean hasBody() {
        return bodySchema != null;
    }

    public boolean pages() {
        return paging != null;
    }

    public List<Param> pathParams() {
        return params.stream().filter(p -> p.in() == In.PATH).toList();
    }

    public List<Param> queryParams() {
        return params.stream().filter(p -> p.in() == In.QUERY).toList();
    }

    public List<Param> headerParams() {
        return params.stream().filter(p -> p.in() == In.HEADER).toList();
    }

    public List<Param> formParams() {
        return params.stream().filter(p -> p.in() == In.FORM).toList();
    }

    /** True when the request is a form body ({@link In#FORM} parameters) rather than JSON. */
    public boolean sendsForm() {
        return params.stream().anyMatch(p -> p.in() == In.FORM);
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
