package io.contactsbridge.sync;

import org.apache.camel.Exchange;

/** Query parameters of the admin API's lists ({@code limit}, {@code offset}, {@code before}), checked. */
final class AdminPaging {
    private AdminPaging() {
    }

    /** The whole-number query parameter {@code name}, or {@code fallback}; out of range: a 400 with the reason. */
    static int number(Exchange e, String name, long fallback, long min, long max) {
        String v = e.getMessage().getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return (int) Math.min(fallback, Integer.MAX_VALUE);
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("'" + name + "' must be a whole number from " + min + " to " + max);
    }
}
