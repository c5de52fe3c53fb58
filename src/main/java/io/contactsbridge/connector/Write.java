package io.contactsbridge.connector;

import java.util.List;

/**
 * One write a composite operation made (several API calls behind one route, such as
 * {@code contacts.save-contact}): the answer lists them in the header {@value #HEADER} so the sync
 * core audits each, in order, as it audits a single call.
 *
 * @param operation the operation id that wrote ({@code upsert-contact})
 * @param detail    why, for the audit ("matched existing contact by email"), or null
 * @param dryRun    true when dry run kept it from being sent
 */
public record Write(String operation, String detail, boolean dryRun) {
    public static final String HEADER = "ApiWrites";

    /** The writes listed on an answer, or none. */
    @SuppressWarnings("unchecked")
    public static List<Write> of(Object header) {
        return header instanceof List<?> list ? (List<Write>) list : List.of();
    }
}
