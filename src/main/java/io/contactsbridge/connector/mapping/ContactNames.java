package io.contactsbridge.connector.mapping;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.contactsbridge.config.Settings;

/**
 * The naming rule every connector uses to turn a source record's name into HighLevel contact
 * name fields: a company name goes to {@code companyName} only (setting {@code name} would make
 * HighLevel split it into first and last name), a person's name is split at its last space.
 * Which words mark a company is configuration ({@value #SUFFIXES_KEY}).
 */
public final class ContactNames {
    public static final String SUFFIXES_KEY = "bridge.company-suffixes";
    public static final String DEFAULT_SUFFIXES = "Ltd,Ltd.,Limited,Inc,Inc.,Incorporated,LLC,L.L.C.,LLP,GmbH,AG,KG,"
            + "Corp,Corp.,Corporation,Co,Co.,Company,BV,B.V.,NV,SA,S.A.,SAS,SARL,SRL,Pty,Plc,Oy,AB,AS,ApS,Group,"
            + "Holdings,Agency,Studio,Studios,Partners,Associates,Solutions,Services,Labs,Foundation,University";

    private final Set<String> companyWords;

    public ContactNames(Set<String> companyWords) {
        this.companyWords = companyWords.stream().map(ContactNames::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public static ContactNames of(Settings settings) {
        return parse(settings.get(SUFFIXES_KEY, DEFAULT_SUFFIXES));
    }

    /** From a comma-separated word list (e.g. {@code "Ltd, Inc, GmbH"}). */
    public static ContactNames parse(String commaSeparated) {
        return new ContactNames(Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(w -> !w.isEmpty()).collect(Collectors.toSet()));
    }

    /**
     * Contact name fields for {@code name} under {@code rule}: {@code company} (companyName only),
     * {@code person} (firstName + lastName) or {@code auto} (company when {@link #looksLikeCompany}).
     */
    public Map<String, Object> fields(String name, String rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        String trimmed = name == null ? "" : name.trim().replaceAll("\\s+", " ");
        if (trimmed.isEmpty()) {
            return out;
        }
        if (isCompany(trimmed, rule)) {
            out.put("companyName", trimmed);
            return out;
        }
        int space = trimmed.lastIndexOf(' ');
        if (space > 0) {
            out.put("firstName", trimmed.substring(0, space));
            out.put("lastName", trimmed.substring(space + 1));
        } else {
            out.put("firstName", trimmed);
        }
        return out;
    }

    boolean isCompany(String name, String rule) {
        String r = rule == null ? "auto" : rule.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "company" -> true;
            case "person" -> false;
            case "auto" -> looksLikeCompany(name);
            default -> throw new IllegalArgumentException("name rule must be auto, person or company, not '" + rule + "'");
        };
    }

    /** A configured company word anywhere in the name, an ampersand, a digit, or more than three words. */
    public boolean looksLikeCompany(String name) {
        String[] words = name.trim().split("\\s+");
        if (words.length > 3 || name.contains("&") || name.matches(".*\\d.*")) {
            return true;
        }
        for (String w : words) {
            if (companyWords.contains(normalise(w))) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String word) {
        return word.toLowerCase(Locale.ROOT).replace(",", "").replaceAll("\\.$", "");
    }
}
