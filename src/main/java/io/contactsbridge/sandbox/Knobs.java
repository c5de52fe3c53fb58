package io.contactsbridge.sandbox;

import java.util.Map;

/**
 * Checks for knob values set over HTTP ({@code PUT <root>/_faults} ...) or from Java: each throws
 * IllegalArgumentException with a message naming the knob, which the control endpoints answer as a 400.
 */
public final class Knobs {
    private Knobs() {
    }

    public static Number number(Map.Entry<String, Object> e) {
        if (e.getValue() instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(e.getKey() + " must be a number, got " + e.getValue());
    }

    public static boolean bool(Map.Entry<String, Object> e) {
        if (e.getValue() instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(e.getKey() + " must be true or false, got " + e.getValue());
    }

    public static double fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + v);
        }
        return v;
    }

    public static long nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + v);
        }
        return v;
    }

    public static long positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    public static int errorStatus(String name, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException(name + " must be an HTTP error status (400-599), got " + status);
        }
        return status;
    }
}
