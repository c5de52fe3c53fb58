package io.contactsbridge.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request to a simulator, with the path relative to the simulator's root
 * ({@code /sandbox/highlevel/contacts/x} arrives as {@code /contacts/x}).
 */
public record SimRequest(String method, String path, Map<String, List<String>> query,
                         Map<String, String> headers, byte[] body) {

    public SimRequest {
        TreeMap<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        headers = Collections.unmodifiableMap(ci);
        body = body == null ? new byte[0] : body;
    }

    public static SimRequest of(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
        return new SimRequest(method, path, parseForm(rawQuery), headers, body);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as form fields (application/x-www-form-urlencoded). */
    public Map<String, List<String>> form() {
        return parseForm(bodyText());
    }

    public static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
