package io.contactsbridge.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence for "logs never contain a secret": every configured secret (and every
 * token the bridge obtains at run time) is registered here, and the log encoder replaces it with
 * {@code ****} in whatever is written, in each form a log line can carry it ({@link #forms}):
 * as is, JSON-escaped (the JSON log format writes {@code /} as {@code \/}), URL-encoded (form
 * bodies, query strings), and base64 of {@code secret:api_token} and of {@code secret:} (a Basic
 * header). Code should still never log a secret on purpose.
 *
 * <p>Configured secrets stay registered. Tokens issued at run time are registered per owner
 * ({@link #registerIssued}), which keeps only the newest few: a refresh every day for a year does
 * not make every log line scan thousands of dead tokens.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /** Shorter values (like a default user "sa") would mask ordinary words. */
    static final int MIN_LENGTH = 6;
    /** Issued secrets kept per owner: the current access and refresh token and the pair before. */
    public static final int ISSUED_PER_OWNER = 4;
    private static final Pattern TOKEN_FIELD = Pattern.compile(
            "\"(?:access_token|refresh_token|id_token|token|api_token|session_key|secret)\"\\s*:\\s*\"([^\"]{6,})\"");

    private static final Set<String> CONFIGURED = new LinkedHashSet<>();
    private static final Map<String, Deque<String>> ISSUED = new HashMap<>();
    /** Every form of every registered secret, longest first (so a secret containing another is masked whole). */
    private static volatile List<String> forms = List.of();
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();

    private SecretMasker() {
    }

    /** A secret that stays masked for the life of the process (settings, keys). */
    public static void register(String secret) {
        String s = usable(secret);
        if (s != null) {
            synchronized (SecretMasker.class) {
                if (CONFIGURED.add(s)) {
                    rebuild();
                }
            }
            LISTENERS.forEach(l -> l.accept(s));
        }
    }

    /**
     * A secret issued at run time to {@code owner} (a token of one account); the owner's oldest
     * issued secret beyond the last {@value #ISSUED_PER_OWNER} is no longer masked (superseded).
     */
    public static void registerIssued(String owner, String secret) {
        String s = usable(secret);
        if (s == null) {
            return;
        }
        synchronized (SecretMasker.class) {
            Deque<String> mine = ISSUED.computeIfAbsent(owner, k -> new ArrayDeque<>());
            if (mine.contains(s)) {
                return;
            }
            mine.addLast(s);
            while (mine.size() > ISSUED_PER_OWNER) {
                mine.removeFirst();
            }
            rebuild();
        }
        LISTENERS.forEach(l -> l.accept(s));
    }

    /**
     * Registers the token values in a raw token-endpoint answer before anything parses (or could
     * log) it, so an error on the way cannot print them.
     */
    public static void registerTokensIn(String owner, String rawAnswer) {
        if (rawAnswer == null) {
            return;
        }
        Matcher m = TOKEN_FIELD.matcher(rawAnswer);
        while (m.find()) {
            registerIssued(owner, m.group(1).replace("\\/", "/"));
        }
    }

    /** Called with every secret registered from now on (the test suite's record of secrets). */
    public static void onRegister(Consumer<String> listener) {
        LISTENERS.add(listener);
    }

    /** What is registered now: for the check that no log holds one of them. */
    public static synchronized List<String> registered() {
        List<String> all = new ArrayList<>(CONFIGURED);
        ISSUED.values().forEach(all::addAll);
        return all;
    }

    /** The forms a log line can carry {@code secret} in; each is masked, and each is what the log check searches. */
    public static Set<String> forms(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret);
        out.add(jsonEscaped(secret, true));
        out.add(jsonEscaped(secret, false));
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        out.add(url);
        out.add(url.replace("+", "%20"));
        out.add(lowerHexEscapes(url));
        Base64.Encoder b64 = Base64.getEncoder();
        for (String basic : List.of(secret + ":api_token", secret + ":")) {
            String encoded = b64.encodeToString(basic.getBytes(StandardCharsets.UTF_8));
            out.add(encoded);
            out.add(encoded.replaceAll("=+$", ""));
        }
        out.removeIf(f -> f.length() < MIN_LENGTH);
        return out;
    }

    public static String mask(String text) {
        List<String> current = forms;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : current) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** For display: the first characters and the length, enough to tell two tokens apart. */
    public static String preview(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(none)";
        }
        return secret.substring(0, Math.min(4, secret.length() / 4)) + "…(" + secret.length() + " chars)";
    }

    private static String usable(String secret) {
        if (secret == null) {
            return null;
        }
        String s = secret.trim();
        return s.length() >= MIN_LENGTH ? s : null;
    }

    /** Call holding the class lock. */
    private static void rebuild() {
        Set<String> all = new LinkedHashSet<>();
        CONFIGURED.forEach(s -> all.addAll(forms(s)));
        ISSUED.values().forEach(q -> q.forEach(s -> all.addAll(forms(s))));
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        forms = List.copyOf(sorted);
    }

    /** As a JSON string's content: quotes, backslashes and control characters escaped, {@code /} as {@code \/} or not. */
    static String jsonEscaped(String s, boolean slash) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append(slash ? "\\/" : "/");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String lowerHexEscapes(String url) {
        Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, m.group().toLowerCase(Locale.ROOT));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
