package io.contactsbridge.sandbox.highlevel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;

/** Reading a request (location, numbers, the JSON body, the path) and writing an answer, as HighLevel does. */
final class SimRequests {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SimRequests() {
    }

    static String queryLocation(HighLevelData data, SimRequest r, HighLevelAuth.Grant g) {
        String loc = r.queryParam("locationId").filter(s -> !s.isBlank()).orElse(null);
        if (loc == null) {
            throw ApiError.unprocessable("locationId should not be empty");
        }
        return checkLocation(data, loc, g);
    }

    static String bodyLocation(HighLevelData data, Map<String, Object> body, HighLevelAuth.Grant g) {
        return checkLocation(data, (String) body.get("locationId"), g);
    }

    /** An unknown location is a 422, another location the token is not bound to a 403. */
    static String checkLocation(HighLevelData data, String loc, HighLevelAuth.Grant g) {
        if (!data.locationExists(loc)) {
            throw ApiError.unprocessable("locationId " + loc + " is not a valid location");
        }
        if (!loc.equals(g.locationId())) {
            throw ApiError.otherLocation();
        }
        return loc;
    }

    static int intParam(SimRequest r, String name, int dflt, int max) {
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
    static Map<String, Object> body(SimRequest r) {
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

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static long millis(Object iso) {
        Long ms = SimValues.parseInstant(String.valueOf(iso));
        return ms == null ? 0 : ms;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static SimResponse ok(Object body) {
        return json(200, body);
    }

    static SimResponse json(int status, Object body) {
        return SimResponse.json(status, body);
    }

    static SimResponse withLimitHeaders(SimResponse r, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.putAll(headers);
        return new SimResponse(r.status(), h, r.body());
    }

    static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
