package io.contactsbridge.sandbox.togglfocus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/**
 * The calendar integrations of the sandbox workspace (connected e-mail accounts and their
 * calendars), served for both path forms, and a stand-in for the provider's consent page: opening
 * the set-up URL connects a new account and sends the user to {@code return_to}.
 */
final class FocusCalendars {
    private static final Set<String> PROVIDERS = Set.of("google", "outlook");
    private static final Set<String> CALENDAR_FIELDS = Set.of("selected", "default_project_id", "default_workspace_id",
            "default_planned_task_id", "background_color", "foreground_color", "name", "remind_tracking");

    private final Map<Long, Map<String, Object>> integrations = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(7000);
    private final Supplier<Instant> clock;
    private final Supplier<String> root;

    FocusCalendars(Supplier<Instant> clock, Supplier<String> root) {
        this.clock = clock;
        this.root = root;
    }

    /** Connects an account with two calendars, the first selected with a default project; its id. */
    synchronized long connect(String provider, String email, boolean writeScope) {
        long id = ids.incrementAndGet();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("auto_track", false);
        i.put("calendar_integration_id", id);
        i.put("calendars", new ArrayList<>(List.of(calendar(id, "Work", true, TogglFocusSimulator.DEFAULT_PROJECT_ID),
                calendar(id, "Personal", false, null))));
        i.put("created_at", clock.get().toString());
        i.put("email", email);
        i.put("error_status", null);
        i.put("has_write_scope", writeScope);
        i.put("origin_product_id", 2);
        i.put("provider", provider);
        i.put("scopes", writeScope ? List.of("calendar.readonly", "calendar.events") : List.of("calendar.readonly"));
        integrations.put(id, i);
        return id;
    }

    private Map<String, Object> calendar(long integration, String name, boolean selected, Long project) {
        Map<String, Object> c = new LinkedHashMap<>();
        String now = clock.get().toString();
        c.put("background_color", "#4285f4");
        c.put("calendar_id", ids.incrementAndGet());
        c.put("calendar_integration_id", integration);
        c.put("created_at", now);
        c.put("default_planned_task_id", null);
        c.put("default_project_id", project);
        c.put("default_workspace_id", project == null ? null : TogglFocusSimulator.WORKSPACE_ID);
        c.put("deleted_at", null);
        c.put("external_id", name.toLowerCase() + "@group.calendar.example.com");
        c.put("foreground_color", "#ffffff");
        c.put("name", name);
        c.put("remind_tracking", false);
        c.put("selected", selected);
        c.put("updated_at", now);
        return c;
    }

    synchronized List<Map<String, Object>> all() {
        return integrations.values().stream().map(FocusCalendars::copy).toList();
    }

    /** Breaks (an error status) or heals (null) an integration, as a revoked grant does. */
    synchronized void errorStatus(long id, String status) {
        require(id).put("error_status", status);
    }

    synchronized void writeScope(long id, boolean granted) {
        Map<String, Object> i = require(id);
        i.put("has_write_scope", granted);
        i.put("scopes", granted ? List.of("calendar.readonly", "calendar.events") : List.of("calendar.readonly"));
    }

    /** The provider deleted the integration's selected calendars. */
    @SuppressWarnings("unchecked")
    synchronized void deleteSelectedCalendars(long id) {
        for (Map<String, Object> c : (List<Map<String, Object>>) require(id).get("calendars")) {
            if (Boolean.TRUE.equals(c.get("selected"))) {
                c.put("deleted_at", clock.get().toString());
            }
        }
    }

    synchronized void clear() {
        integrations.clear();
    }

    /** {@code rest} is the path after {@code .../integrations/calendar}. */
    @SuppressWarnings("unchecked")
    synchronized SimResponse route(SimRequest request, String rest, String scopeForm) {
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
        String method = request.method();
        if (parts.length == 0 && method.equals("GET")) {
            return SimResponse.json(200, Map.of("items", all()));
        }
        if (parts.length == 1 && parts[0].equals("setup") && method.equals("GET")) {
            String provider = request.queryParam("provider").orElseThrow(() -> FocusError.validation("provider is required"));
            if (!PROVIDERS.contains(provider)) {
                throw FocusError.validation("provider must be one of google, outlook");
            }
            if (integrations.values().stream().anyMatch(i -> provider.equals(i.get("provider")))) {
                throw new FocusError(402, "integration_exists", "calendar integration already exists for provider " + provider
                        + " (" + scopeForm + ")");
            }
            return redirect(consentUrl(provider, request.queryParam("return_to").orElse(null), "calendar.readonly"));
        }
        long id = id(parts.length > 0 ? parts[0] : "");
        Map<String, Object> integration = require(id);
        List<Map<String, Object>> calendars = (List<Map<String, Object>>) integration.get("calendars");
        if (parts.length == 1 && method.equals("GET")) {
            return SimResponse.json(200, Map.of("items", copy(calendars)));
        }
        if (parts.length == 1 && method.equals("DELETE")) {
            integrations.remove(id);
            return SimResponse.empty(204);
        }
        if (parts.length == 2 && parts[1].equals("reauth") && method.equals("GET")) {
            return redirect(consentUrl((String) integration.get("provider"), request.queryParam("return_to").orElse(null),
                    "calendar.events") + "&integration_id=" + id);
        }
        if (parts.length == 2 && parts[1].equals("update") && method.equals("POST")) {
            calendars.forEach(c -> c.put("updated_at", clock.get().toString()));
            return SimResponse.json(200, Map.of("items", copy(calendars)));
        }
        if (parts.length == 3 && parts[1].equals("calendars") && method.equals("PUT")) {
            long calendarId = id(parts[2]);
            Map<String, Object> calendar = calendars.stream().filter(c -> ((Number) c.get("calendar_id")).longValue() == calendarId)
                    .findFirst().orElseThrow(() -> FocusError.notFound("calendar " + calendarId));
            Map<String, Object> body = FocusJson.object(request);
            for (Map.Entry<String, Object> e : body.entrySet()) {
                check(e.getKey(), e.getValue());
            }
            body.forEach((k, v) -> {
                if (CALENDAR_FIELDS.contains(k)) {
                    calendar.put(k, v);
                }
            });
            calendar.put("updated_at", clock.get().toString());
            return SimResponse.json(200, copy(calendar));
        }
        throw FocusError.notFound("route " + method + " " + rest);
    }

    /** The provider's consent page (sandbox): connects the account, or grants write scope, then goes back. */
    synchronized SimResponse consent(SimRequest request) {
        String provider = request.queryParam("provider").orElse("google");
        String integration = request.queryParam("integration_id").orElse(null);
        if (integration != null) {
            long id = id(integration);
            writeScope(id, true);
            require(id).put("error_status", null);
        } else {
            connect(provider, "sandbox." + provider + "@example.com", false);
        }
        String back = request.queryParam("return_to").orElse(null);
        return back == null ? SimResponse.text(200, "connected") : redirect(back);
    }

    private String consentUrl(String provider, String returnTo, String scope) {
        return root.get() + "/_consent?provider=" + provider + "&scope=" + scope
                + (returnTo == null ? "" : "&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }

    private static SimResponse redirect(String location) {
        return SimResponse.empty(302).withHeader("Location", location);
    }

    private static void check(String field, Object value) {
        switch (field) {
            case "selected", "remind_tracking" -> {
                if (!(value instanceof Boolean)) {
                    throw FocusError.validation("Key: 'Calendar." + field + "' Error:Field validation for '" + field + "' failed on the 'boolean' tag");
                }
            }
            case "default_project_id", "default_workspace_id", "default_planned_task_id" -> {
                if (value != null && !(value instanceof Number n && n.longValue() > 0)) {
                    throw FocusError.validation("Key: 'Calendar." + field + "' Error:Field validation for '" + field + "' failed on the 'gt' tag");
                }
            }
            case "background_color", "foreground_color" -> {
                if (!(value instanceof String s && s.matches("#[0-9a-fA-F]{6}"))) {
                    throw FocusError.validation("Key: 'Calendar." + field + "' Error:Field validation for '" + field + "' failed on the 'hexcolor' tag");
                }
            }
            default -> {
            }
        }
    }

    private Map<String, Object> require(long id) {
        Map<String, Object> i = integrations.get(id);
        if (i == null) {
            throw FocusError.notFound("calendar integration " + id);
        }
        return i;
    }

    private static long id(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw FocusError.notFound("calendar integration " + s);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        return (T) FocusJson.copy(value);
    }
}
