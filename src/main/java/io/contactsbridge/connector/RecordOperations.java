package io.contactsbridge.connector;

import java.util.Map;
import java.util.Optional;

/**
 * How the sync core deletes or archives a record of one kind in a target system, without naming
 * the system's operations itself: the connector that owns the record says which operation route
 * to call with which headers. Bound in the registry; the core finds it by system and entity.
 */
public interface RecordOperations {

    /** The system that owns the records ({@code highlevel}). */
    String system();

    /** The kind of record ({@code contact}, {@code task}, {@code note}). */
    String entity();

    /** The call that deletes the record; a 404 from it means it was gone already. */
    Call delete(String targetId, String parentId);

    /** The call that marks the record archived with a tag, when the system has tags for it. */
    default Optional<Call> archive(String targetId, String tag) {
        return Optional.empty();
    }

    /**
     * The call that reads the record as it is now (for the audit's before-values and for rollback),
     * when reading it is cheap enough to do before every update; empty: before-values are not kept.
     */
    default Optional<Call> read(String targetId, String parentId) {
        return Optional.empty();
    }

    /** The record's fields in the answer of {@link #read} (default: the object itself). */
    @SuppressWarnings("unchecked")
    default Map<String, Object> fieldsOf(Object readAnswer) {
        return readAnswer instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The call that writes {@code fields} back to the record (rollback); empty when rollback is not offered. */
    default Optional<Call> update(String targetId, String parentId, Map<String, Object> fields) {
        return Optional.empty();
    }

    /**
     * One operation route call: {@code operation} is {@code <namespace>.<operationId>}
     * ({@code contacts.delete-task}), with its headers and body (null for none).
     */
    record Call(String operation, Map<String, Object> headers, Map<String, Object> body) {
        /** The operation id alone ({@code delete-task}), as audited. */
        public String operationId() {
            int dot = operation.lastIndexOf('.');
            return dot < 0 ? operation : operation.substring(dot + 1);
        }
    }
}
