package io.contactsbridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/** {@code GET /api/dead-letters?limit=50&offset=0}: one page of open dead letters, oldest first, and the link to the next. */
final class DeadLetterPages {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private DeadLetterPages() {
    }

    static Map<String, Object> page(DeadLetters letters, Exchange e) {
        int limit = AdminPaging.number(e, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = AdminPaging.number(e, "offset", 0, 0, Integer.MAX_VALUE);
        List<Map<String, Object>> page = letters.list(limit, offset);
        int total = letters.openCount();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deadLetters", page);
        answer.put("total", total);
        answer.put("limit", limit);
        answer.put("offset", offset);
        if ((long) offset + page.size() < total) {
            answer.put("next", "/api/dead-letters?limit=" + limit + "&offset=" + (offset + page.size()));
        }
        return answer;
    }
}
