package io.contactsbridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.CamelContext;

/**
 * Reads the bridge's settings from Camel's property placeholders (application.properties, where
 * every key defaults to an environment variable). A key such as {@code highlevel.base-url} is
 * always overridable by the variable {@code HIGHLEVEL_BASE_URL}; error messages name both.
 */
public final class Settings {
    private final Function<String, Optional<String>> lookup;

    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public static Settings of(CamelContext context) {
        return new Settings(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /** The environment variable that overrides a property key. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** How a setting is named to the user: the variable first, since that is what people set. */
    public static String describe(String key) {
        if (key.contains(" ")) {
            return key; // already a description, e.g. "A or B"
        }
        return envName(key) + " (" + key + ")";
    }

    /** The value, or empty when the key is missing or blank. */
    public Optional<String> get(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException("missing setting " + describe(key)));
    }

    public boolean isSet(String key) {
        return get(key).isPresent();
    }

    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String v = value.get().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("0")) {
            return false;
        }
        throw new ConfigException(describe(key) + " must be true or false, not '" + value.get() + "'");
    }

    public int getInt(String key, int fallback, int min, int max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw new ConfigException(describe(key) + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(describe(key) + " must be a whole number, not '" + value.get() + "'");
        }
    }

    public int getPort(String key) {
        require(key);
        return getInt(key, -1, 0, 65535);
    }

    /** Collects the keys of {@code keys} that have no value, for one message naming them all. */
    public List<String> missing(List<String> keys) {
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!isSet(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** "missing settings HIGHLEVEL_X (highlevel.x), HIGHLEVEL_Y (highlevel.y)". */
    public static String missingMessage(String what, List<String> keys) {
        StringBuilder sb = new StringBuilder(what).append(": missing setting").append(keys.size() > 1 ? "s " : " ");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(describe(keys.get(i)));
        }
        return sb.toString();
    }
}
