package io.contactsbridge.contacts;

import java.util.Map;

/**
 * One prepared request of an operation: path with its parameters filled in (encoded), query
 * parameters in order, the path parameter values, and the body both as a Map and as the JSON sent.
 */
record HighLevelRequest(ContactsOperation operation, String path, Map<String, String> query,
                        Map<String, String> pathValues, Map<String, Object> body, String json) {

    HighLevelRequest withQuery(Map<String, String> next) {
        return new HighLevelRequest(operation, path, next, pathValues, body, json);
    }
}
