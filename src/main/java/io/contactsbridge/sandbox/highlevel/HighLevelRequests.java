package io.contactsbridge.sandbox.highlevel;

import java.net.URLDecoder;
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

/** Reading HighLevel requests (JSON bodies, query numbers, path segments) with HighLevel's 400/422 answers. */
final class HighLevelRequests {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HighLevelRequests() {
    }

    /** The JSON object body (empty when blank); 400 when it is not JSON, 422 when it is not an object. */
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

    /** A whole number query parameter within [min, max] (min 0 for skip, else 1); {@code dflt} when absent. */
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

    /** The URL-decoded, non-empty path segments. */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                out.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static SimResponse ok(Object body) {
        return SimResponse.json(200, body);
    }

    static SimResponse json(int status, Object body) {
        return SimResponse.json(status, body);
    }

    static SimResponse withHeaders(SimResponse r, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.putAll(headers);
        return new SimResponse(r.status(), h, r.body());
    }
}
