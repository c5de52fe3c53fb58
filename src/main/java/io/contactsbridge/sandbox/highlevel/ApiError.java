package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the simulated API, thrown from deep inside a handler and turned into the
 * response by the simulator. The bodies follow HighLevel's NestJS-style shapes (common-schemas.json).
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final Map<String, Object> body;

    ApiError(int status, Map<String, Object> body) {
        super(status + " " + body.get("message"), null, false, false);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }

    /** 400 {@code {"statusCode":400,"message":"..."}} (BadRequestDTO). */
    static ApiError badRequest(String message) {
        return new ApiError(400, body(400, message, "Bad Request"));
    }

    /** 401 with the documented UnauthorizedDTO body. */
    static ApiError invalidToken() {
        return new ApiError(401, body(401, "Invalid token: access token is invalid", "Unauthorized"));
    }

    /**
     * 401 for a token without the operation's scope. HighLevel answers exactly this body (status 401,
     * no {@code error} field) — reported in GoHighLevel/highlevel-api-docs#217 — so the simulator does
     * too, rather than a 403. The connector tells it apart from an invalid token by the message.
     */
    static ApiError scopeMissing() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("statusCode", 401);
        b.put("message", "The token is not authorized for this scope.");
        return new ApiError(401, b);
    }

    /** 403: the token belongs to another location. */
    static ApiError otherLocation() {
        return new ApiError(403, body(403, "The token does not have access to this location.", "Forbidden"));
    }

    static ApiError notFound(String message) {
        return new ApiError(404, body(404, message, "Not Found"));
    }

    /** 422 with one message per failed check (UnprocessableDTO). */
    static ApiError unprocessable(List<String> messages) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("statusCode", 422);
        b.put("message", List.copyOf(messages));
        b.put("error", "Unprocessable Entity");
        return new ApiError(422, b);
    }

    static ApiError unprocessable(String message) {
        return unprocessable(List.of(message));
    }

    static Map<String, Object> body(int status, String message, String error) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("statusCode", status);
        b.put("message", message);
        if (error != null) {
            b.put("error", error);
        }
        return b;
    }
}
