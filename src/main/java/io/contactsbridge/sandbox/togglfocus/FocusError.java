package io.contactsbridge.sandbox.togglfocus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.contactsbridge.sandbox.SimResponse;

/** A Toggl Focus error answer: {@code {"error":..., "error_description":..., "trace_id":...}}. */
final class FocusError extends RuntimeException {
    private final transient SimResponse response;

    FocusError(int status, String error, String description) {
        super(description);
        this.response = answer(status, error, description);
    }

    SimResponse response() {
        return response;
    }

    static SimResponse answer(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        body.put("trace_id", Long.toHexString(ThreadLocalRandom.current().nextLong()));
        return SimResponse.json(status, body);
    }

    static FocusError validation(String description) {
        return new FocusError(400, "validation", description);
    }

    static FocusError notFound(String what) {
        return new FocusError(404, "not_found", what + " not found");
    }
}
