package io.contactsbridge.api;

/**
 * Which call failed: the connector ({@code highlevel}), its name for people ({@code HighLevel}) and
 * the operation ({@code create-task}). Every {@link ApiException} carries one, so a message reads
 * "HighLevel create-task: ..." whatever the connector.
 */
public record ApiCall(String system, String title, String operation) {

    public ApiCall {
        if (system == null || title == null || operation == null) {
            throw new IllegalArgumentException("system, title and operation are required");
        }
    }

    /** The same connector, another operation (a token refresh, a lookup). */
    public ApiCall operation(String other) {
        return new ApiCall(system, title, other);
    }
}
