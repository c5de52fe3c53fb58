package io.contactsbridge.bench;

/**
 * One measured value of a bench run: a JSON key, a label for the table, the value, and the target
 * it is checked against ({@code null} target: reported, not checked).
 */
public record Figure(String key, String label, double value, String unit, Target target) {

    /** A target the command checks; {@link #met} decides, {@link #text} is what the table shows. */
    public record Target(String text, java.util.function.DoublePredicate met) {
    }

    public static Figure info(String key, String label, double value, String unit) {
        return new Figure(key, label, value, unit, null);
    }

    public static Figure atLeast(String key, String label, double value, String unit, double min) {
        return new Figure(key, label, value, unit, new Target(">= " + plain(min), v -> v >= min));
    }

    public static Figure atMost(String key, String label, double value, String unit, double max) {
        return new Figure(key, label, value, unit, new Target("<= " + plain(max), v -> v <= max));
    }

    public static Figure exactly(String key, String label, double value, String unit, double expected) {
        return new Figure(key, label, value, unit, new Target(plain(expected), v -> v == expected));
    }

    /** {@code true} when there is no target or the value meets it. */
    public boolean met() {
        return target == null || (!Double.isNaN(value) && target.met().test(value));
    }

    /** The value as JSON wants it: whole numbers without a fraction, others to three decimals. */
    public Object jsonValue() {
        if (Double.isNaN(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Math.round(value * 1000) / 1000.0;
    }

    public String displayValue() {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String number = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : Math.abs(value) >= 100 ? String.format("%.0f", value)
                : Math.abs(value) >= 10 ? String.format("%.1f", value) : String.format("%.3f", value);
        return unit == null || unit.isEmpty() ? number : number + " " + unit;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
