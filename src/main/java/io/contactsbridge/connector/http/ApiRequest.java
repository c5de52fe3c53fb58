package io.contactsbridge.connector.http;

import java.util.Map;

/**
 * One prepared request of an operation: the path with its parameters filled in (encoded), the
 * query parameters in order, the path parameter values, and the body both as a Map and as the
 * JSON sent (null without a body); {@code form}: the form fields of a form body (null for JSON).
 */
public record ApiRequest(ApiOperation operation, String path, Map<String, String> query,
                         Map<String, String> pathValues, Map<String, Object> body, String json,
                         Map<String, String> form) {

    ApiRequest withQuery(Map<String, String> next) {
        return new ApiRequest(operation, path, next, pathValues, body, json, form);
    }

    /** The same request with another body (a page cursor sent in the body). */
    public ApiRequest withBody(Map<String, Object> next) {
        return new ApiRequest(operation, path, query, pathValues, next, ApiClient.toJson(next), form);
    }
}
