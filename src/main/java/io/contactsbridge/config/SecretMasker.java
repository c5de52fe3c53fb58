package io.contactsbridge.config;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Last line of defence for "logs never contain a secret": every configured secret (and every
 * token the bridge obtains at run time) is registered here, and the log encoder replaces it with
 * {@code ****} in whatever is written. Code should still never log a secret on purpose.
 */
public final class SecretMasker {
    public static final String MASK = "****";
    /** Shorter values (like a default user "sa") would mask ordinary words. */
    static final int MIN_LENGTH = 6;
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    private SecretMasker() {
    }

    public static void register(String secret) {
        if (secret == null) {
            return;
        }
        String s = secret.trim();
        if (s.length() >= MIN_LENGTH && !SECRETS.contains(s)) {
            SECRETS.add(s);
            // longest first, so a secret that contains another is masked whole
            SECRETS.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    /** What is registered so far: for the check that no log holds one of them. */
    public static List<String> registered() {
        return List.copyOf(SECRETS);
    }

    public static String mask(String text) {
        if (text == null || SECRETS.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : SECRETS) {
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
}
