package io.contactsbridge.timetonic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.contactsbridge.config.ConfigException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The field map a user edits beside the flows ({@code routes/timetonic-field-map.yml}): which
 * TimeTonic field holds which contact field in the leads and contacts tables, lifecycle stage ->
 * contact type, owner e-mail -> HighLevel user, and the archive status.
 */
public record TimeTonicFieldMap(String leadsModifiedField, String typeCustomField, Map<String, String> leadFields, Map<String, String> stages,
                                Map<String, String> owners, Map<String, String> contactFields, String activeStatus,
                                String archivedStatus) {

    /** The defaults when there is no file (the sandbox book's names). */
    static TimeTonicFieldMap defaults() {
        return parse(DEFAULT, "defaults");
    }

    public static TimeTonicFieldMap load(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            return defaults();
        }
        try {
            return parse(Files.readString(path), file);
        } catch (IOException e) {
            throw new ConfigException("cannot read the TimeTonic field map " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static TimeTonicFieldMap parse(String yaml, String where) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (RuntimeException e) {
            throw new ConfigException("the TimeTonic field map " + where + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ConfigException("the TimeTonic field map " + where + " must have 'leads' and 'contacts' sections");
        }
        Map<String, Object> leads = section(top, "leads", where);
        Map<String, Object> contacts = section(top, "contacts", where);
        Map<String, String> contactFields = strings(contacts.get("fields"));
        for (String required : new String[] {"name", "email", "contactId", "status"}) {
            if (!contactFields.containsKey(required)) {
                throw new ConfigException("the TimeTonic field map " + where + " names no contacts field for '" + required + "'");
            }
        }
        return new TimeTonicFieldMap(leads.get("modified-field") == null ? null : String.valueOf(leads.get("modified-field")),
                leads.get("type-custom-field") == null ? null : String.valueOf(leads.get("type-custom-field")),
                strings(leads.get("fields")), strings(leads.get("stages")), lower(strings(leads.get("owners"))), contactFields,
                String.valueOf(contacts.getOrDefault("active-status", "Active")),
                String.valueOf(contacts.getOrDefault("archived-status", "Archived")));
    }

    /** The TimeTonic field of the contacts table for a contact field, or null when not mapped. */
    public String contactField(String contactField) {
        return contactFields.get(contactField);
    }

    /** The lead's value for a contact field ({@code email}), by the field map. */
    public Object leadValue(Map<String, Object> row, String contactField) {
        for (Map.Entry<String, String> e : leadFields.entrySet()) {
            if (e.getValue().equals(contactField)) {
                return row.get(e.getKey());
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<?, ?> top, String name, String where) {
        if (!(top.get(name) instanceof Map<?, ?> m)) {
            throw new ConfigException("the TimeTonic field map " + where + " has no '" + name + "' section");
        }
        return (Map<String, Object>) m;
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static Map<String, String> lower(Map<String, String> byEmail) {
        Map<String, String> out = new LinkedHashMap<>();
        byEmail.forEach((k, v) -> out.put(k.trim().toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static final String DEFAULT = """
            leads:
              modified-field: Modified
              fields: {Name: name, Email: email, Phone: phone, Company: companyName, Stage: stage, Tags: tags,
                       Owner: owner, Next action: nextAction}
              stages: {New: lead, Contacted: lead, Qualified: lead, Customer: customer}
              owners: {}
            contacts:
              fields: {name: Name, email: Email, phone: Phone, companyName: Company, lastContacted: Last contacted,
                       tasks: Tasks, notes: Notes, totalTasks: Total tasks, openTasks: Open tasks, lastSync: Last sync,
                       status: Status, contactId: HighLevel id}
              active-status: Active
              archived-status: Archived
            """;
}
