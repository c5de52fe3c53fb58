package io.contactsbridge.hubstaff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.http.Paging;

/**
 * Hubstaff's cursor paging: {@code page_start_id} and {@code page_limit} in the query; a page names
 * the next one in {@code pagination.next_page_start_id}, present only while more pages exist. Every
 * other query parameter is kept on every page.
 */
final class HubstaffPaging implements Paging {
    static final String START = "page_start_id";
    static final String LIMIT = "page_limit";
    private final String itemsKey;
    private final int pageSize;

    HubstaffPaging(String itemsKey, int pageSize) {
        this.itemsKey = itemsKey;
        this.pageSize = pageSize;
    }

    @Override
    public String itemsKey() {
        return itemsKey;
    }

    @Override
    public Map<String, String> first(Map<String, String> query) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.putIfAbsent(LIMIT, String.valueOf(pageSize));
        return q;
    }

    @Override
    public Map<String, String> next(Map<String, String> query, Object page, List<Object> items) {
        Object next = nextStart(page);
        if (next == null || items.isEmpty() || String.valueOf(next).equals(query.get(START))) {
            return null;
        }
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put(START, String.valueOf(next));
        return q;
    }

    /** {@code pagination.next_page_start_id} of a page, or null on the last page. */
    static Object nextStart(Object page) {
        if (page instanceof Map<?, ?> p && p.get("pagination") instanceof Map<?, ?> pagination) {
            Object next = pagination.get("next_page_start_id");
            return next instanceof Number n ? (Object) n.longValue() : next;
        }
        return null;
    }
}
