package io.contactsbridge.sandbox;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A simulator's sandbox-only control endpoints, {@code <root>/_<name>} (no auth; never part of the
 * vendor's API): {@code GET} reads the knobs, {@code PUT} or {@code POST} with a JSON object changes the
 * ones it names, {@code DELETE} resets them; each answers the knobs as they are then. A bad or unknown
 * knob (IllegalArgumentException) is a 400 in the simulator's error shape; a change applies all or nothing
 * when the knobs' {@code apply} checks first (as {@link Faults#apply} does).
 */
public final class ControlEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One control endpoint's knobs. */
    public interface Knobs {
        Map<String, Object> read();

        void apply(Map<String, Object> changes);

        void reset();
    }

    /** The simulator's answers for a bad request and for an unknown endpoint or method. */
    public interface Answers {
        SimResponse badRequest(String message);

        SimResponse notFound(SimRequest request);
    }

    private final Answers answers;
    private final Map<String, Knobs> endpoints = new LinkedHashMap<>();

    public ControlEndpoints(Answers answers) {
        this.answers = answers;
    }

    /** Serves {@code knobs} at {@code <root>/_<name>}. */
    public ControlEndpoints add(String name, Knobs knobs) {
        endpoints.put(name.startsWith("_") ? name : "_" + name, knobs);
        return this;
    }

    /** Serves {@code faults} at {@code <root>/_faults}. */
    public ControlEndpoints faults(Faults faults) {
        return add("_faults", new Knobs() {
            @Override
            public Map<String, Object> read() {
                return faults.toMap();
            }

            @Override
            public void apply(Map<String, Object> changes) {
                faults.apply(changes);
            }

            @Override
            public void reset() {
                faults.reset();
            }
        });
    }

    /** True for {@code <root>/_...}: control paths never reach the simulated API. */
    public static boolean isControl(SimRequest request) {
        return request.path().startsWith("/_");
    }

    public SimResponse handle(SimRequest request) {
        String name = request.path().replaceAll("^/+|/+$", "");
        Knobs knobs = endpoints.get(name);
        if (knobs == null) {
            return answers.notFound(request);
        }
        try {
            switch (request.method()) {
                case "GET" -> {
                }
                case "PUT", "POST" -> knobs.apply(body(request));
                case "DELETE" -> knobs.reset();
                default -> {
                    return answers.notFound(request);
                }
            }
            return SimResponse.json(200, knobs.read());
        } catch (IllegalArgumentException e) {
            return answers.badRequest(e.getMessage());
        }
    }

    private static Map<String, Object> body(SimRequest request) {
        if (request.bodyText().isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(request.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("the body must be a JSON object of knobs");
        }
    }
}
