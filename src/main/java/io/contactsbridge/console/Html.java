package io.contactsbridge.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Escaping and small formatting for the console's server-rendered HTML. */
final class Html {
    private Html() {
    }

    /** Text safe in element content and quoted attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** "3 min ago", "in 2 h", or "never". */
    static String ago(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, now);
        boolean future = d.isNegative();
        String span = span(d.abs());
        return future ? "in " + span : span + " ago";
    }

    static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 90) {
            return s + " s";
        }
        if (s < 90 * 60) {
            return (s / 60) + " min";
        }
        if (s < 48 * 3600) {
            return (s / 3600) + " h";
        }
        return (s / 86400) + " d";
    }

    /** A timestamp element the page shows as relative time and the tooltip as the exact instant. */
    static String time(Instant at, Instant now) {
        if (at == null) {
            return "<span class=\"muted\">never</span>";
        }
        return "<time datetime=\"" + at + "\" title=\"" + at + "\">" + esc(ago(at, now)) + "</time>";
    }
}
