package io.contactsbridge.runtime;

import java.util.List;

/** Whether a connector runs, and if not why: shown by the status page and the health output. */
public record ConnectorStatus(String name, String title, boolean enabled, List<String> missingSettings) {

    public String reason() {
        if (enabled) {
            return "enabled";
        }
        return "disabled: missing " + String.join(", ", missingSettings.stream()
                .map(io.contactsbridge.config.Settings::describe).toList());
    }
}
