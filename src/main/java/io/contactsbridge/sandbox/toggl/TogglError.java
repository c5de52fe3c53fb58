package io.contactsbridge.sandbox.toggl;

import io.contactsbridge.sandbox.SimResponse;

/**
 * An error answer of the simulated Toggl API, thrown from deep inside a handler and answered by the
 * simulator. Toggl's error bodies are JSON string literals, not objects.
 */
final class TogglError extends RuntimeException {
    private final transient SimResponse response;

    TogglError(int status, String message) {
        super(message, null, false, false);
        this.response = answer(status, message);
    }

    /** An answer of another shape (e.g. the 401 with an empty body). */
    TogglError(SimResponse response) {
        super("HTTP " + response.status(), null, false, false);
        this.response = response;
    }

    SimResponse response() {
        return response;
    }

    static SimResponse answer(int status, String message) {
        return SimResponse.json(status, message);
    }

    static SimResponse ok(Object value) {
        return SimResponse.json(200, value);
    }
}
