package io.contactsbridge.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.contactsbridge.config.SecretMasker;

/**
 * Masks personal data for the console: e-mail addresses and phone numbers in any text, and in a
 * payload the values of fields that name a person or their contact details. Configured secrets are
 * always masked ({@link SecretMasker}); personal data only until the user asks to see it.
 */
final class PersonalData {
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-])[A-Za-z0-9.-]*(\\.[A-Za-z]{2,})");
    /** International numbers as the APIs write them ({@code +1 555-0100}); plain digit runs are ids and times. */
    private static final Pattern PHONE = Pattern.compile("\\+\\d[\\d ().-]{5,}(\\d{2})");
    /** Field names holding personal data (lower case, matched as part of the name). */
    private static final List<String> PERSONAL = List.of("email", "phone", "name", "address", "city", "postal", "zip",
            "birth", "street", "company", "title", "body", "description", "note", "website", "fullname", "first", "last");

    private PersonalData() {
    }

    /** E-mail addresses and phone numbers masked; secrets masked. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        String s = SecretMasker.mask(text);
        s = EMAIL.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "***@" + m.group(2) + "***" + m.group(3)));
        s = PHONE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("***" + m.group(1)));
        return s;
    }

    /** A payload (parsed JSON) with personal fields masked, recursively. */
    @SuppressWarnings("unchecked")
    static Object maskTree(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), maskTree(v, String.valueOf(k))));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> maskTree(v, field)).toList();
        }
        if (value instanceof String s) {
            return personal(field) ? hide(s) : mask(s);
        }
        return value;
    }

    static boolean personal(String field) {
        if (field == null) {
            return false;
        }
        String f = field.toLowerCase();
        if (f.equals("id") || f.endsWith("id") || f.endsWith("_id") || f.endsWith("at") || f.contains("date") || f.equals("type")) {
            return false;
        }
        return PERSONAL.stream().anyMatch(f::contains);
    }

    private static String hide(String s) {
        if (s.isBlank()) {
            return s;
        }
        return s.charAt(0) + "***";
    }
}
