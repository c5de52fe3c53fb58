package io.contactsbridge.sandbox.highlevel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;
import io.contactsbridge.sandbox.SimulatorRegistry;

/**
 * A stateful stand-in for HighLevel's (LeadConnector) Contacts API v2, served at
 * {@code /sandbox/highlevel} (the root stands for {@code https://services.leadconnectorhq.com}).
 * Faithful to {@code vendor/highlevel/apps/contacts.json} and {@code apps/oauth.json}: every
 * operation the bridge uses, the documented response shapes and error bodies, scopes, location-bound
 * tokens, OAuth with single-use rotating refresh tokens, the real rate limiter with its five headers,
 * fault injection, and signed webhooks out.
 *
 * <p>Order of checks for an API request (it matters to clients that probe):
 * unknown route 404 → bearer token 401 → {@code Version} header 400 → rate limit 429 (the request
 * counts from here on) → injected faults → scope 401 (before any lookup, so a write with a read-only
 * token is a scope error even for a contact that does not exist) → body checks 422 → location 403 →
 * lookup 404 → the operation.
 *
 * <p>Sandbox-only control endpoints (no auth): {@code GET|PUT <root>/_faults},
 * {@code GET|PUT|DELETE <root>/_webhooks} ({@code {"url": "..."}}); {@code <root>/_log} is the
 * registry's request log.
 */
public final class HighLevelSimulator implements Simulator, AutoCloseable {
    public static final String NAME = "highlevel";
    public static final String LOCATION_ID = "sandbox-location";
    public static final String TOKEN = "sandbox-highlevel-token";
    public static final String CLIENT_ID = "sandbox-client-id";
    public static final String CLIENT_SECRET = "sandbox-client-secret";
    public static final String VERSION = "2021-07-28";
    public static final String SCOPE_READ = HighLevelAuth.SCOPE_READ;
    public static final String SCOPE_WRITE = HighLevelAuth.SCOPE_WRITE;

    static final Set<String> CREATE_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "locationId",
            "gender", "phone", "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings",
            "inboundDndSettings", "tags", "customFields", "source", "dateOfBirth", "country", "companyName", "assignedTo");
    static final Set<String> UPSERT_CONTACT_FIELDS = union(CREATE_CONTACT_FIELDS, Set.of("createNewIfDuplicateAllowed"));
    /**
     * UpdateContactDto, plus {@code companyName} and {@code gender}: the spec's update DTO lists neither,
     * but HighLevel accepts both on update and refusing them would make a company rename impossible.
     */
    static final Set<String> UPDATE_CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "dnd", "dndSettings", "inboundDndSettings",
            "tags", "customFields", "source", "dateOfBirth", "country", "assignedTo", "companyName", "gender");
    static final List<String> CONTACT_TEXT_FIELDS = List.of("firstName", "lastName", "name", "email", "gender", "phone",
            "address1", "city", "state", "postalCode", "website", "timezone", "source", "country", "companyName", "assignedTo");
    static final Set<String> TASK_FIELDS = Set.of("title", "body", "dueDate", "completed", "assignedTo");
    static final Set<String> NOTE_FIELDS = Set.of("userId", "body", "title", "color", "pinned");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One API operation: its operationId, the scope it needs, and what it does. */
    private record Route(String operationId, String scope, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        SimResponse run(SimRequest request, HighLevelAuth.Grant grant) throws Exception;
    }

    private final HighLevelFaults faults = new HighLevelFaults();
    private volatile LongSupplier clock = System::currentTimeMillis;
    private final HighLevelAuth auth;
    private final LocationRateLimiter limiter;
    private final WebhookSender webhooks = new WebhookSender();
    private final HighLevelData data;

    public HighLevelSimulator() {
        LongSupplier now = () -> clock.getAsLong();
        auth = new HighLevelAuth(faults, now);
        limiter = new LocationRateLimiter(faults, now);
        data = new HighLevelData(now, webhooks::send);
        auth.registerClient(CLIENT_ID, CLIENT_SECRET);
        data.addLocation(LOCATION_ID);
        auth.registerToken(TOKEN, LOCATION_ID, Set.of(SCOPE_READ, SCOPE_WRITE));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("highlevel.base-url", rootUrl);
        s.put("highlevel.location-id", LOCATION_ID);
        s.put("highlevel.token", TOKEN);
        s.put("highlevel.webhook.ed25519-key", webhooks.ed25519PublicKeyPem());
        s.put("highlevel.webhook.rsa-key", webhooks.rsaPublicKeyPem());
        return s;
    }

    // =================================================================== HTTP

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        List<String> segments = segments(request.path());
        if (!segments.isEmpty() && segments.get(0).startsWith("_")) {
            return control(request, segments);
        }
        sleep(faults.latencyMs());
        if (segments.equals(List.of("oauth", "token"))) {
            return tokenEndpoint(request);
        }
        Route route = route(request.method(), segments);
        if (route == null) {
            return withLimitHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " " + request.path(), "Not Found")),
                    limiter.peek(LOCATION_ID));
        }
        Map<String, String> limitHeaders = limiter.peek(LOCATION_ID);
        try {
            HighLevelAuth.Grant grant = auth.authenticate(request);
            limitHeaders = limiter.peek(grant.locationId());
            String version = request.header("Version").orElse(null);
            if (version == null) {
                throw ApiError.badRequest("Version header was not found");
            }
            if (!VERSION.equals(version.trim())) {
                throw ApiError.badRequest("Version header is invalid, expected " + VERSION);
            }
            LocationRateLimiter.Decision decision = limiter.acquire(grant.locationId());
            limitHeaders = decision.headers();
            if (!decision.allowed()) {
                return withLimitHeaders(json(429, ApiError.body(429, "Too Many Requests", null)), limitHeaders)
                        .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            }
            SimResponse fault = injectedFault(grant.locationId());
            if (fault != null) {
                return withLimitHeaders(fault, limitHeaders);
            }
            if (!grant.scopes().contains(route.scope())) {
                throw ApiError.scopeMissing();
            }
            String marker = faults.rejectMarker();
            if (marker != null && route.scope().equals(SCOPE_WRITE) && request.bodyText().contains(marker)) {
                faults.count("reject");
                throw ApiError.unprocessable("rejected by the sandbox: the body contains the reject marker");
            }
            boolean applyThenFail = faults.roll(faults.applyThenFailRate());
            SimResponse response = route.handler().run(request, grant);
            if (applyThenFail) {
                faults.count("applyThenFail");
                response = json(500, ApiError.body(500, "Internal Server Error", null));
            }
            return withLimitHeaders(response, limitHeaders);
        } catch (ApiError e) {
            return withLimitHeaders(json(e.status(), e.body()), limitHeaders);
        }
    }

    private SimResponse tokenEndpoint(SimRequest request) {
        // oauth.json declares no Version header for /oauth/token, so none is required here
        Map<String, String> headers = limiter.peek(LOCATION_ID);
        if (!request.method().equals("POST")) {
            return withLimitHeaders(json(404, ApiError.body(404, "Cannot " + request.method() + " /oauth/token", "Not Found")), headers);
        }
        SimResponse fault = injectedFault(LOCATION_ID);
        if (fault != null) {
            return withLimitHeaders(fault, headers);
        }
        try {
            Map<String, Object> issued = auth.token(request);
            sleep(faults.tokenLatencyMs());
            return withLimitHeaders(json(200, issued), headers);
        } catch (ApiError e) {
            return withLimitHeaders(json(e.status(), e.body()), headers);
        }
    }

    /**
     * A fault to answer instead of running the request, or null. Nothing is applied when one fires;
     * a timeout with {@code timeoutsApply} only holds the request, which then runs (answered late).
     */
    private SimResponse injectedFault(String locationId) {
        int forced = faults.takeFailNext();
        if (forced > 0) {
            faults.count("failNext");
            return errorStatus(forced, locationId);
        }
        if (faults.roll(faults.timeoutRate())) {
            faults.count("timeout");
            sleep(faults.timeoutMs());
            return faults.timeoutsApply() ? null : errorStatus(504, locationId);
        }
        if (faults.roll(faults.errorRate())) {
            faults.count("5xx");
            int[] statuses = {500, 502, 503};
            return errorStatus(statuses[faults.pick(statuses.length)], locationId);
        }
        if (faults.roll(faults.rateLimitRate())) {
            faults.count("429");
            return errorStatus(429, locationId);
        }
        return null;
    }

    private SimResponse errorStatus(int status, String locationId) {
        String message = switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        SimResponse r = json(status, ApiError.body(status, message, null));
        return status == 429 || status == 503 ? r.withHeader("Retry-After", String.valueOf(limiter.secondsToWindowEnd(locationId))) : r;
    }

    private Route route(String method, List<String> s) {
        int n = s.size();
        if (n == 0 || !s.get(0).equals("contacts")) {
            return null;
        }
        if (n == 1) {
            return switch (method) {
                case "GET" -> new Route("get-contacts", SCOPE_READ, this::getContacts);
                case "POST" -> new Route("create-contact", SCOPE_WRITE, this::createContact);
                default -> null;
            };
        }
        String second = s.get(1);
        if (n == 2 && second.equals("search") && method.equals("POST")) {
            return new Route("search-contacts-advanced", SCOPE_READ, this::search);
        }
        if (n == 2 && second.equals("upsert") && method.equals("POST")) {
            return new Route("upsert-contact", SCOPE_WRITE, this::upsertContact);
        }
        if (n == 2) {
            return switch (method) {
                case "GET" -> new Route("get-contact", SCOPE_READ, (r, g) -> getContact(g, second));
                case "PUT" -> new Route("update-contact", SCOPE_WRITE, (r, g) -> updateContact(r, g, second));
                case "DELETE" -> new Route("delete-contact", SCOPE_WRITE, (r, g) -> deleteContact(g, second));
                default -> null;
            };
        }
        if (n == 3 && second.equals("search") && s.get(2).equals("duplicate") && method.equals("GET")) {
            return new Route("get-duplicate-contact", SCOPE_READ, this::duplicate);
        }
        if (n == 3 && second.equals("business") && method.equals("GET")) {
            return new Route("get-contacts-by-businessId", SCOPE_READ, (r, g) -> byBusiness(r, g, s.get(2)));
        }
        String contactId = second;
        String sub = s.get(2);
        if (n == 3) {
            return switch (sub + " " + method) {
                case "tasks GET" -> new Route("get-all-tasks", SCOPE_READ, (r, g) -> ok(Map.of("tasks", data.tasks(contactId, g.locationId()))));
                case "tasks POST" -> new Route("create-task", SCOPE_WRITE, (r, g) -> createTask(r, g, contactId));
                case "notes GET" -> new Route("get-all-notes", SCOPE_READ, (r, g) -> ok(Map.of("notes", data.notes(contactId, g.locationId()))));
                case "notes POST" -> new Route("create-note", SCOPE_WRITE, (r, g) -> createNote(r, g, contactId));
                case "tags POST" -> new Route("add-tags", SCOPE_WRITE, (r, g) -> tags(r, g, contactId, true));
                case "tags DELETE" -> new Route("remove-tags", SCOPE_WRITE, (r, g) -> tags(r, g, contactId, false));
                case "appointments GET" -> new Route("get-appointments-for-contact", SCOPE_READ,
                        (r, g) -> ok(Map.of("events", data.appointments(contactId, g.locationId()))));
                default -> null;
            };
        }
        String itemId = s.get(3);
        if (n == 4 && sub.equals("tasks")) {
            return switch (method) {
                case "GET" -> new Route("get-task", SCOPE_READ, (r, g) -> ok(Map.of("task", data.task(contactId, itemId, g.locationId()))));
                case "PUT" -> new Route("update-task", SCOPE_WRITE, (r, g) -> updateTask(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-task", SCOPE_WRITE, (r, g) -> {
                    data.deleteTask(contactId, itemId, g.locationId());
                    return ok(Map.of("succeded", true));
                });
                default -> null;
            };
        }
        if (n == 4 && sub.equals("notes")) {
            return switch (method) {
                case "GET" -> new Route("get-note", SCOPE_READ, (r, g) -> ok(Map.of("note", data.note(contactId, itemId, g.locationId()))));
                case "PUT" -> new Route("update-note", SCOPE_WRITE, (r, g) -> updateNote(r, g, contactId, itemId));
                case "DELETE" -> new Route("delete-note", SCOPE_WRITE, (r, g) -> {
                    data.deleteNote(contactId, itemId, g.locationId());
                    return ok(Map.of("succeded", true));
                });
                default -> null;
            };
        }
        if (n == 5 && sub.equals("tasks") && s.get(4).equals("completed") && method.equals("PUT")) {
            return new Route("update-task-completed", SCOPE_WRITE, (r, g) -> completeTask(r, g, contactId, itemId));
        }
        return null;
    }

    // ------------------------------------------------------------------ contacts

    private SimResponse getContact(HighLevelAuth.Grant g, String id) {
        return ok(Map.of("contact", data.contact(id, g.locationId())));
    }

    /**
     * get-contacts (deprecated in favour of search, still served): contacts oldest first (dateAdded,
     * then id), {@code limit} 1..100 (default 20), paged by {@code startAfterId} (the last id of the
     * previous page) or {@code startAfter} (its dateAdded in epoch millis). {@code meta} follows
     * ContactsMetaSchema; its {@code nextPageUrl} carries only locationId, startAfter and startAfterId,
     * like the spec's example, so a client following it blindly loses {@code limit} and {@code query}.
     */
    private SimResponse getContacts(SimRequest r, HighLevelAuth.Grant g) {
        String loc = queryLocation(r, g);
        int limit = intParam(r, "limit", 20, 100);
        String query = r.queryParam("query").orElse(null);
        Long startAfter = null;
        if (r.queryParam("startAfter").isPresent()) {
            try {
                startAfter = (long) Double.parseDouble(r.queryParam("startAfter").get());
            } catch (NumberFormatException e) {
                throw ApiError.unprocessable("startAfter must be a number conforming to the specified constraints");
            }
        }
        List<Map<String, Object>> all = data.select(loc, c -> ContactSearch.matchesQuery(c, query));
        int from = 0;
        String startAfterId = r.queryParam("startAfterId").orElse(null);
        int found = -1;
        if (startAfterId != null) {
            for (int i = 0; i < all.size(); i++) {
                if (startAfterId.equals(all.get(i).get("id"))) {
                    found = i;
                    break;
                }
            }
        }
        if (found >= 0) {
            from = found + 1;
        } else if (startAfter != null) {
            from = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (millis(all.get(i).get("dateAdded")) > startAfter) {
                    from = i;
                    break;
                }
            }
        }
        List<Map<String, Object>> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        boolean more = from + limit < all.size();
        int currentPage = from / limit + 1;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", all.size());
        if (more) {
            Map<String, Object> last = page.get(page.size() - 1);
            long lastAdded = millis(last.get("dateAdded"));
            meta.put("nextPageUrl", "http://" + r.header("Host").orElse("localhost") + SimulatorRegistry.ROOT + NAME
                    + "/contacts/?locationId=" + enc(loc) + "&startAfter=" + lastAdded + "&startAfterId=" + enc((String) last.get("id")));
            meta.put("startAfterId", last.get("id"));
            meta.put("startAfter", lastAdded);
            meta.put("currentPage", currentPage);
            meta.put("nextPage", currentPage + 1);
        } else {
            meta.put("nextPageUrl", null);
            meta.put("startAfterId", null);
            meta.put("startAfter", null);
            meta.put("currentPage", currentPage);
            meta.put("nextPage", null);
        }
        meta.put("prevPage", currentPage > 1 ? currentPage - 1 : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", page);
        body.put("count", all.size());
        body.put("meta", meta);
        return ok(body);
    }

    /** get-contacts-by-businessId: {@code skip}/{@code limit} (default 25, at most 100), answer {contacts, count}. */
    private SimResponse byBusiness(SimRequest r, HighLevelAuth.Grant g, String businessId) {
        String loc = queryLocation(r, g);
        int limit = intParam(r, "limit", 25, 100);
        int skip = r.queryParam("skip").isPresent() ? intParam(r, "skip", 0, Integer.MAX_VALUE) : 0;
        String query = r.queryParam("query").orElse(null);
        List<Map<String, Object>> all = data.select(loc,
                c -> businessId.equals(c.get("businessId")) && ContactSearch.matchesQuery(c, query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + limit)));
        body.put("count", all.size());
        return ok(body);
    }

    private SimResponse createContact(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, CREATE_CONTACT_FIELDS).required("locationId").done();
        String loc = bodyLocation(body, g);
        return json(201, Map.of("contact", data.createContact(loc, body)));
    }

    private SimResponse updateContact(SimRequest r, HighLevelAuth.Grant g, String id) {
        Map<String, Object> body = body(r);
        checkContact(body, UPDATE_CONTACT_FIELDS).done();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("succeded", true);
        out.put("contact", data.updateContact(id, g.locationId(), body));
        return ok(out);
    }

    private SimResponse deleteContact(HighLevelAuth.Grant g, String id) {
        data.deleteContact(id, g.locationId());
        return ok(Map.of("succeded", true));
    }

    private SimResponse upsertContact(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        checkContact(body, UPSERT_CONTACT_FIELDS).required("locationId").bool("createNewIfDuplicateAllowed").done();
        String loc = bodyLocation(body, g);
        HighLevelData.Upserted u = data.upsertContact(loc, body, Boolean.TRUE.equals(body.get("createNewIfDuplicateAllowed")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("new", u.created());
        out.put("contact", u.contact());
        out.put("traceId", UUID.randomUUID().toString());
        return ok(out);
    }

    private static Checks checkContact(Map<String, Object> body, Set<String> allowed) {
        return new Checks(body).onlyFields(allowed).strings(CONTACT_TEXT_FIELDS, true).string("locationId", false)
                .email("email").phone("phone").bool("dnd").dndSettings("dndSettings").object("inboundDndSettings")
                .stringArray("tags").customFields("customFields").birthDate("dateOfBirth");
    }

    private SimResponse search(SimRequest r, HighLevelAuth.Grant g) {
        Map<String, Object> body = body(r);
        ContactSearch.check(body);
        String loc = bodyLocation(body, g);
        return ok(ContactSearch.run(data.select(loc, c -> true), body));
    }

    /** get-duplicate-contact: e-mail first, then phone; {@code {"contact": null}} when none matches. */
    private SimResponse duplicate(SimRequest r, HighLevelAuth.Grant g) {
        String loc = queryLocation(r, g);
        String email = r.queryParam("email").filter(s -> !s.isBlank()).orElse(null);
        String number = r.queryParam("number").filter(s -> !s.isBlank()).orElse(null);
        if (email == null && number == null) {
            throw ApiError.unprocessable("email or number should not be empty");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contact", data.findDuplicate(loc, email, number));
        return ok(out);
    }

    private SimResponse tags(SimRequest r, HighLevelAuth.Grant g, String contactId, boolean add) {
        Map<String, Object> body = body(r);
        Checks c = new Checks(body).onlyFields(Set.of("tags")).stringArray("tags");
        if (!(body.get("tags") instanceof List<?> l) || l.isEmpty()) {
            c.problem("tags should not be empty");
        }
        c.done();
        List<String> tags = HighLevelData.strings(body.get("tags"));
        List<String> now = add ? data.addTags(contactId, g.locationId(), tags) : data.removeTags(contactId, g.locationId(), tags);
        return json(add ? 201 : 200, Map.of("tags", now));
    }

    // ------------------------------------------------------------------ tasks & notes

    private SimResponse createTask(SimRequest r, HighLevelAuth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).required("title").required("dueDate").required("completed")
                .strings(List.of("title", "body", "assignedTo"), false).isoDate("dueDate").bool("completed").done();
        return json(201, Map.of("task", data.createTask(contactId, g.locationId(), body)));
    }

    private SimResponse updateTask(SimRequest r, HighLevelAuth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(TASK_FIELDS).strings(List.of("title", "body", "assignedTo"), false)
                .isoDate("dueDate").bool("completed").done();
        return ok(Map.of("task", data.updateTask(contactId, taskId, g.locationId(), body)));
    }

    private SimResponse completeTask(SimRequest r, HighLevelAuth.Grant g, String contactId, String taskId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(Set.of("completed")).required("completed").bool("completed").done();
        return ok(Map.of("task", data.updateTask(contactId, taskId, g.locationId(), Map.of("completed", body.get("completed")))));
    }

    private SimResponse createNote(SimRequest r, HighLevelAuth.Grant g, String contactId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).required("body").strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return json(201, Map.of("note", data.createNote(contactId, g.locationId(), body)));
    }

    private SimResponse updateNote(SimRequest r, HighLevelAuth.Grant g, String contactId, String noteId) {
        Map<String, Object> body = body(r);
        new Checks(body).onlyFields(NOTE_FIELDS).strings(List.of("userId", "body", "title", "color"), false)
                .bool("pinned").done();
        return ok(Map.of("note", data.updateNote(contactId, noteId, g.locationId(), body)));
    }

    // ------------------------------------------------------------------ request helpers

    private String queryLocation(SimRequest r, HighLevelAuth.Grant g) {
        String loc = r.queryParam("locationId").filter(s -> !s.isBlank()).orElse(null);
        if (loc == null) {
            throw ApiError.unprocessable("locationId should not be empty");
        }
        return checkLocation(loc, g);
    }

    private String bodyLocation(Map<String, Object> body, HighLevelAuth.Grant g) {
        return checkLocation((String) body.get("locationId"), g);
    }

    /** An unknown location is a 422, another location the token is not bound to a 403. */
    private String checkLocation(String loc, HighLevelAuth.Grant g) {
        if (!data.locationExists(loc)) {
            throw ApiError.unprocessable("locationId " + loc + " is not a valid location");
        }
        if (!loc.equals(g.locationId())) {
            throw ApiError.otherLocation();
        }
        return loc;
    }

    private static int intParam(SimRequest r, String name, int dflt, int max) {
        Optional<String> v = r.queryParam(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return dflt;
        }
        double d;
        try {
            d = Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw ApiError.unprocessable(name + " must be a number conforming to the specified constraints");
        }
        int min = name.equals("skip") ? 0 : 1;
        if (d != Math.floor(d) || d < min) {
            throw ApiError.unprocessable(name + " must not be less than " + min);
        }
        if (d > max) {
            throw ApiError.unprocessable(name + " must not be greater than " + max);
        }
        return (int) d;
    }

    /** The JSON object body; 400 when it is not JSON, 422 when it is not an object. */
    private static Map<String, Object> body(SimRequest r) {
        String text = r.bodyText();
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("Unexpected token in JSON body: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw ApiError.unprocessable("the request body must be a JSON object");
        }
        return JSON.convertValue(parsed, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static long millis(Object iso) {
        Long ms = HighLevelData.parseInstant(String.valueOf(iso));
        return ms == null ? 0 : ms;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static SimResponse ok(Object body) {
        return json(200, body);
    }

    private static SimResponse json(int status, Object body) {
        return SimResponse.json(status, body);
    }

    private static SimResponse withLimitHeaders(SimResponse r, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.putAll(headers);
        return new SimResponse(r.status(), h, r.body());
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ control endpoints (sandbox only)

    private SimResponse control(SimRequest r, List<String> s) {
        String what = s.get(0) + (s.size() > 1 ? "/" + String.join("/", s.subList(1, s.size())) : "");
        try {
            switch (what + " " + r.method()) {
                case "_faults GET":
                    return ok(faults.toMap());
                case "_faults PUT":
                    faults.apply(body(r));
                    return ok(faults.toMap());
                case "_webhooks GET":
                    return ok(webhookInfo());
                case "_webhooks PUT": {
                    Map<String, Object> body = body(r);
                    Object url = body.get("url");
                    if (url != null && !(url instanceof String)) {
                        return json(400, ApiError.body(400, "url must be a string or null", "Bad Request"));
                    }
                    webhooks.url((String) url);
                    return ok(webhookInfo());
                }
                case "_webhooks DELETE":
                    webhooks.url(null);
                    return ok(webhookInfo());
                default:
                    return json(404, ApiError.body(404, "Cannot " + r.method() + " /" + what, "Not Found"));
            }
        } catch (IllegalArgumentException e) {
            return json(400, ApiError.body(400, e.getMessage(), "Bad Request"));
        } catch (ApiError e) {
            return json(e.status(), e.body());
        }
    }

    private Map<String, Object> webhookInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", webhooks.url());
        m.put("ed25519PublicKey", webhooks.ed25519PublicKeyPem());
        m.put("rsaPublicKey", webhooks.rsaPublicKeyPem());
        m.put("deliveries", webhooks.deliveries().size());
        return m;
    }

    // =================================================================== Java API for tests and benchmarks

    /** The fault and limit knobs (live: changes apply to the next request). */
    public HighLevelFaults faults() {
        return faults;
    }

    /** Clears every contact, task, note and appointment, the rate-limit windows, faults and webhook log; tokens stay. */
    public void reset() {
        data.clear();
        limiter.reset();
        faults.reset();
        webhooks.clearDeliveries();
    }

    /** Adds a location (sub-account) that tokens can be bound to. */
    public void addLocation(String locationId) {
        data.addLocation(locationId);
    }

    /** HighLevel's "Allow Duplicate Contact" location setting (default off: create refuses a duplicate). */
    public void setAllowDuplicateContacts(boolean allow) {
        data.allowDuplicateContacts(allow);
    }

    /** A private integration token for {@code sandbox-location} with these scopes. */
    public void registerToken(String token, String... scopes) {
        registerToken(token, LOCATION_ID, Set.of(scopes));
    }

    /** A private integration token bound to {@code locationId} (added if new) with these scopes. */
    public void registerToken(String token, String locationId, Set<String> scopes) {
        data.addLocation(locationId);
        auth.registerToken(token, locationId, scopes);
    }

    /** An initial refresh token for the sandbox client and {@code sandbox-location}. */
    public String issueRefreshToken(String... scopes) {
        return issueRefreshToken(LOCATION_ID, Set.of(scopes));
    }

    public String issueRefreshToken(String locationId, Set<String> scopes) {
        data.addLocation(locationId);
        return auth.issueRefreshToken(CLIENT_ID, locationId, scopes);
    }

    /** A single-use authorization code (grant_type=authorization_code) for the sandbox client. */
    public String issueAuthorizationCode(String... scopes) {
        return auth.issueAuthorizationCode(CLIENT_ID, LOCATION_ID, Set.of(scopes));
    }

    public boolean isRefreshTokenValid(String refreshToken) {
        return auth.isRefreshTokenValid(refreshToken);
    }

    public boolean isAccessTokenValid(String accessToken) {
        return auth.isAccessTokenValid(accessToken);
    }

    public void revokeRefreshToken(String refreshToken) {
        auth.revokeRefreshToken(refreshToken);
    }

    /** Expires every OAuth access token issued so far (private integration tokens are not affected). */
    public void expireAccessTokens() {
        auth.expireOAuthAccessTokens();
    }

    /** How many refresh_token grants succeeded. */
    public int refreshCount() {
        return auth.refreshGrants();
    }

    /** How many requests reached {@code POST /oauth/token} (including refused ones, excluding injected faults). */
    public int tokenRequestCount() {
        return auth.tokenRequests();
    }

    // --- webhooks out

    /** Where change webhooks go (null: none are sent). Same as {@code PUT <root>/_webhooks}. */
    public void setWebhookUrl(String url) {
        webhooks.url(url);
    }

    public String webhookUrl() {
        return webhooks.url();
    }

    @Override
    public void deliverWebhooksTo(String bridgeUrl) {
        setWebhookUrl(bridgeUrl + "/webhooks/highlevel");
    }

    public String ed25519PublicKeyPem() {
        return webhooks.ed25519PublicKeyPem();
    }

    public String rsaPublicKeyPem() {
        return webhooks.rsaPublicKeyPem();
    }

    public PublicKey ed25519PublicKey() {
        return webhooks.ed25519PublicKey();
    }

    public PublicKey rsaPublicKey() {
        return webhooks.rsaPublicKey();
    }

    /** {@code X-GHL-Signature} and {@code x-wh-signature} for exactly these bytes. */
    public Map<String, String> signatureHeaders(byte[] body) {
        return webhooks.signatureHeaders(body);
    }

    /** Posts {@code body} (any bytes, e.g. malformed JSON) with exactly {@code headers}, now; returns the outcome. */
    public WebhookDelivery sendRawWebhook(byte[] body, Map<String, String> headers) {
        return webhooks.sendRaw(body, headers);
    }

    /** Posts {@code body} as is, correctly signed with both signatures, now. */
    public WebhookDelivery sendSignedWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return webhooks.sendRaw(bytes, webhooks.signatureHeaders(bytes));
    }

    /** Every delivery attempted so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Waits until the queued change webhooks have been sent. */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        return webhooks.awaitIdle(timeout);
    }

    // --- state

    public List<Map<String, Object>> contacts() {
        return data.contacts(null);
    }

    public List<Map<String, Object>> contacts(String locationId) {
        return data.contacts(locationId);
    }

    public int contactCount() {
        return data.contacts(null).size();
    }

    public Optional<Map<String, Object>> contact(String contactId) {
        return data.contact(contactId);
    }

    /** The contact's tasks, oldest first (empty when the contact does not exist). */
    public List<Map<String, Object>> tasks(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> data.tasks(contactId, null));
    }

    /** The contact's notes, oldest first (empty when the contact does not exist). */
    public List<Map<String, Object>> notes(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> data.notes(contactId, null));
    }

    public List<Map<String, Object>> appointments(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> data.appointments(contactId, null));
    }

    // --- changes "as a user in HighLevel would": same rules, and they fire webhooks

    /** Creates a contact in {@code sandbox-location} (fields as in create-contact); its stored state. */
    public Map<String, Object> userCreateContact(Map<String, Object> fields) {
        return userCreateContact(LOCATION_ID, fields);
    }

    public Map<String, Object> userCreateContact(String locationId, Map<String, Object> fields) {
        return user(() -> data.createContact(locationId, fields));
    }

    public Map<String, Object> userUpdateContact(String contactId, Map<String, Object> fields) {
        return user(() -> data.updateContact(contactId, null, fields));
    }

    public void userDeleteContact(String contactId) {
        user(() -> {
            data.deleteContact(contactId, null);
            return null;
        });
    }

    public List<String> userAddTags(String contactId, String... tags) {
        return user(() -> data.addTags(contactId, null, Arrays.asList(tags)));
    }

    public List<String> userRemoveTags(String contactId, String... tags) {
        return user(() -> data.removeTags(contactId, null, Arrays.asList(tags)));
    }

    /** Creates a task (fields as in create-task: title, body, dueDate, completed, assignedTo). */
    public Map<String, Object> userCreateTask(String contactId, Map<String, Object> fields) {
        return user(() -> data.createTask(contactId, null, fields));
    }

    public Map<String, Object> userUpdateTask(String contactId, String taskId, Map<String, Object> fields) {
        return user(() -> data.updateTask(contactId, taskId, null, fields));
    }

    public Map<String, Object> userCompleteTask(String contactId, String taskId) {
        return userUpdateTask(contactId, taskId, Map.of("completed", true));
    }

    public void userDeleteTask(String contactId, String taskId) {
        user(() -> {
            data.deleteTask(contactId, taskId, null);
            return null;
        });
    }

    public Map<String, Object> userCreateNote(String contactId, String body) {
        return user(() -> data.createNote(contactId, null, Map.of("body", body)));
    }

    public Map<String, Object> userUpdateNote(String contactId, String noteId, String body) {
        return user(() -> data.updateNote(contactId, noteId, null, Map.of("body", body)));
    }

    public void userDeleteNote(String contactId, String noteId) {
        user(() -> {
            data.deleteNote(contactId, noteId, null);
            return null;
        });
    }

    /** Books an appointment for a contact (appointments are read-only in the Contacts API). */
    public Map<String, Object> addAppointment(String contactId, String title, Instant start, Instant end) {
        return data.addAppointment(contactId, title, start, end, "booked");
    }

    /** Makes the simulator's clock (record stamps, token expiry, rate-limit windows) come from {@code millis}. */
    void useClock(LongSupplier millis) {
        this.clock = millis;
    }

    private static <T> T user(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (ApiError e) {
            throw new IllegalArgumentException(String.valueOf(e.body().get("message")), e);
        }
    }

    // =================================================================== demo data

    @Override
    public void seedDemoData() {
        String biz = "641c094001436dbc2081e642";
        Map<String, Object> ada = data.createContact(LOCATION_ID, contactFields("Ada", "Lovelace", "ada@analytical.example",
                "+44 20 7946 0018", "Analytical Engines Ltd", List.of("customer", "vip"), biz));
        Map<String, Object> grace = data.createContact(LOCATION_ID, contactFields("Grace", "Hopper", "grace@cobol.example",
                "+1 202 555 0143", "Analytical Engines Ltd", List.of("customer"), biz));
        Map<String, Object> alan = data.createContact(LOCATION_ID, contactFields("Alan", "Turing", "alan@bletchley.example",
                "+44 1908 640404", "Bletchley Park Trust", List.of("lead"), null));
        Map<String, Object> katherine = data.createContact(LOCATION_ID, contactFields("Katherine", "Johnson",
                "katherine@langley.example", "+1 757 555 0199", "Langley Research", List.of("lead", "newsletter"), null));
        data.createContact(LOCATION_ID, contactFields("Edsger", "Dijkstra", "edsger@eindhoven.example", "+31 40 247 9111",
                "TU Eindhoven", List.of(), null));
        String now = Instant.ofEpochMilli(clock.getAsLong()).toString();
        data.createTask((String) ada.get("id"), null, Map.of("title", "Send the Q3 proposal",
                "body", "Include the engine maintenance plan", "dueDate", Instant.parse(now).plus(Duration.ofDays(3)).toString(),
                "completed", false));
        data.createTask((String) grace.get("id"), null, Map.of("title", "Kick-off call",
                "body", "Agree on the compiler milestones", "dueDate", Instant.parse(now).plus(Duration.ofDays(1)).toString(),
                "completed", false));
        data.createTask((String) alan.get("id"), null, Map.of("title", "Qualify the lead",
                "dueDate", Instant.parse(now).minus(Duration.ofDays(2)).toString(), "completed", true));
        data.createNote((String) ada.get("id"), null, Map.of("body", "Prefers e-mail; decision expected next month.",
                "userId", HighLevelAuth.USER_ID));
        data.createNote((String) katherine.get("id"), null, Map.of("body", "Met at the trajectory workshop.",
                "userId", HighLevelAuth.USER_ID));
        Instant start = Instant.parse(now).plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        data.addAppointment((String) ada.get("id"), "Proposal review", start, start.plus(Duration.ofMinutes(30)), "booked");
        data.addAppointment((String) grace.get("id"), "Kick-off", start.plus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(45)), "confirmed");
    }

    private static Map<String, Object> contactFields(String first, String last, String email, String phone, String company,
                                                     List<String> tags, String businessId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("firstName", first);
        f.put("lastName", last);
        f.put("email", email);
        f.put("phone", phone);
        f.put("companyName", company);
        f.put("tags", tags);
        f.put("source", "sandbox demo");
        if (businessId != null) {
            f.put("businessId", businessId);
        }
        return f;
    }

    @Override
    public void close() {
        webhooks.close();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
