package io.contactsbridge.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Paging over an ordered list, the ways vendors page: by offset ({@code skip/limit},
 * {@code offset/per_page}), by page number ({@code page/page_size}, 1-based), and by cursor (after the
 * item with an id, {@code startAfterId}; after a sort key, {@code startAfter} / {@code searchAfter}).
 * Parameter checks and their error bodies stay with each simulator; these only cut the list.
 */
public final class Paging {
    private Paging() {
    }

    /** One page: its items, the index of its first item in the whole list, and the size of the whole list. */
    public record Page<T>(List<T> items, int from, int total) {
        /** True when items follow this page. */
        public boolean hasMore() {
            return from + items.size() < total;
        }

        /** The offset of the next page. */
        public int next() {
            return from + items.size();
        }

        /** The 1-based number of this page for pages of {@code size} items. */
        public int number(int size) {
            return from / size + 1;
        }

        public T last() {
            return items.isEmpty() ? null : items.get(items.size() - 1);
        }
    }

    /** At most {@code limit} items from {@code offset} (negative offsets count as 0). */
    public static <T> Page<T> offset(List<T> all, int offset, int limit) {
        int from = Math.min(Math.max(0, offset), all.size());
        int to = Math.min(all.size(), from + Math.max(0, limit));
        return new Page<>(List.copyOf(all.subList(from, to)), from, all.size());
    }

    /** Page {@code page} (1-based) of pages of {@code size} items. */
    public static <T> Page<T> page(List<T> all, int page, int size) {
        return offset(all, (int) Math.min(Integer.MAX_VALUE, (long) (Math.max(1, page) - 1) * size), size);
    }

    /** The index just after the item whose id equals {@code lastId}, or -1 when no item has it. */
    public static <T> int afterId(List<T> all, Function<? super T, ?> id, Object lastId) {
        if (lastId == null) {
            return -1;
        }
        for (int i = 0; i < all.size(); i++) {
            if (Objects.equals(lastId, id.apply(all.get(i)))) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The index of the first item whose key comes after {@code lastKey} in {@code order} (the list is in
     * that order), or the list's size when none does: where a cursor page starts.
     */
    public static <T, K> int afterKey(List<T> all, Function<? super T, K> key, K lastKey, Comparator<? super K> order) {
        for (int i = 0; i < all.size(); i++) {
            if (order.compare(key.apply(all.get(i)), lastKey) > 0) {
                return i;
            }
        }
        return all.size();
    }
}
