package io.contactsbridge.togglfocus;

import java.util.Map;

import io.contactsbridge.connector.RecordOperations;

/** How the sync core deletes the planned entries this bridge wrote ({@code time_entry}). */
final class FocusRecords implements RecordOperations {
    static final String TIME_ENTRY = "time_entry";

    @Override
    public String system() {
        return TogglFocusConnector.ID;
    }

    @Override
    public String entity() {
        return TIME_ENTRY;
    }

    @Override
    public Call delete(String targetId, String parentId) {
        return new Call(FocusOperations.NAMESPACE + ".delete-time-entry", Map.of("time_entry_id", targetId), null);
    }
}
