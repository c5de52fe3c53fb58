package io.contactsbridge.connector.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a list operation reads every page when the caller sets {@code followPages=true}. Every
 * query parameter of the first page is kept on the next ones (a popular HighLevel node lost
 * {@code locationId} on page two). The combined answer holds the items under {@link #itemsKey()}.
 */
public interface Paging {

    /** Key of the item list in a page (and in the combined answer), e.g. {@code contacts}. */
    String itemsKey();

    /** The first page's query (page size and start added when the caller gave none). */
    Map<String, String> first(Map<String, String> query);

    /** The items of one page (a JSON object's list under the key, or a JSON array). */
    @SuppressWarnings("unchecked")
    default List<Object> items(Object page) {
        if (page instanceof List<?> list) {
            return (List<Object>) list;
        }
        if (page instanceof Map<?, ?> map && map.get(itemsKey()) instanceof List<?> list) {
            return (List<Object>) list;
        }
        return List.of();
    }

    /** The next page's query, or null when {@code page} was the last one. */
    Map<String, String> next(Map<String, String> query, Object page, List<Object> items);

    /**
     * The next page's whole request, or null after the last page. For APIs that name the next page in
     * the answer's headers or take the cursor in the request body (Toggl's Reports API: {@code
     * X-Next-Row-Number} sent back as {@code first_row_number}); by default the query of {@link #next(Map, Object, List)}.
     */
    default ApiRequest next(ApiRequest request, Object page, List<Object> items, Function<String, String> headers) {
        Map<String, String> query = next(request.query(), page, items);
        return query == null ? null : request.withQuery(query);
    }

    /**
     * {@code meta.startAfterId} / {@code meta.startAfter} of each page name the next one (HighLevel
     * get-contacts); a page without them, or naming the same start again, is the last.
     */
    static Paging startAfter(String itemsKey, int pageSize) {
        return new Paging() {
            @Override
            public String itemsKey() {
                return itemsKey;
            }

            @Override
            public Map<String, String> first(Map<String, String> query) {
                Map<String, String> q = new LinkedHashMap<>(query);
                q.putIfAbsent("limit", String.valueOf(pageSize));
                return q;
            }

            @Override
            public Map<String, String> next(Map<String, String> query, Object page, List<Object> items) {
                if (items.isEmpty() || !(page instanceof Map<?, ?> p) || !(p.get("meta") instanceof Map<?, ?> meta)) {
                    return null;
                }
                Object afterId = meta.get("startAfterId");
                Object after = meta.get("startAfter");
                boolean noNextUrl = meta.containsKey("nextPageUrl") && meta.get("nextPageUrl") == null;
                if (afterId == null || noNextUrl || Objects.equals(String.valueOf(afterId), query.get("startAfterId"))) {
                    return null;
                }
                Map<String, String> next = new LinkedHashMap<>(query);
                next.put("startAfterId", String.valueOf(afterId));
                if (after != null) {
                    next.put("startAfter", QueryValues.text(after));
                } else {
                    next.remove("startAfter");
                }
                return next;
            }
        };
    }

    /**
     * An offset parameter grows by the items read until a page comes back empty, or also short when
     * {@code shortPageEnds} (only for APIs known to fill every page but the last: a server that caps
     * the page size below the one asked for would otherwise lose items).
     */
    static Paging offset(String itemsKey, String offsetParam, String sizeParam, int pageSize, boolean shortPageEnds) {
        return new Paging() {
            @Override
            public String itemsKey() {
                return itemsKey;
            }

            @Override
            public Map<String, String> first(Map<String, String> query) {
                Map<String, String> q = new LinkedHashMap<>(query);
                q.putIfAbsent(sizeParam, String.valueOf(pageSize));
                q.putIfAbsent(offsetParam, "0");
                return q;
            }

            @Override
            public Map<String, String> next(Map<String, String> query, Object page, List<Object> items) {
                int size = Integer.parseInt(query.getOrDefault(sizeParam, String.valueOf(pageSize)));
                if (items.isEmpty() || (shortPageEnds && items.size() < size)) {
                    return null;
                }
                Map<String, String> next = new LinkedHashMap<>(query);
                long offset = Long.parseLong(query.getOrDefault(offsetParam, "0"));
                next.put(offsetParam, String.valueOf(offset + items.size()));
                return next;
            }
        };
    }
}
