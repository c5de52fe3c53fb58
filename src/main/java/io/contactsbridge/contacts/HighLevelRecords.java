package io.contactsbridge.contacts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.contacts.webhook.HighLevelEntities;

/**
 * How the sync core deletes (or archives with a tag), reads and restores the HighLevel records it
 * wrote: contacts, their tasks and their notes. Tasks and notes are addressed through their contact
 * (the link's parent). Reads and restores cost one call each against the location's quota (100 per
 * 10 s), which leaves room for the read before every update that keeps the audit's before-values.
 */
final class HighLevelRecords {
    private HighLevelRecords() {
    }

    static List<RecordOperations> all() {
        return List.of(
                new Records(HighLevelEntities.CONTACT.wire(), "contact", (id, parent) -> Map.of("contactId", id), true),
                new Records(HighLevelEntities.TASK.wire(), "task", (id, parent) -> Map.of("contactId", parent, "taskId", id), false),
                new Records(HighLevelEntities.NOTE.wire(), "note", (id, parent) -> Map.of("contactId", parent, "id", id), false));
    }

    /** The path parameters that address one record. */
    private interface Address {
        Map<String, Object> of(String targetId, String parentId);
    }

    private record Records(String entity, String operationNoun, Address address, boolean taggable) implements RecordOperations {
        @Override
        public String system() {
            return HighLevelConnector.ID;
        }

        @Override
        public Call delete(String targetId, String parentId) {
            if (parentId == null && !taggable) {
                throw new IllegalArgumentException("a HighLevel " + entity + " is deleted through its contact, which the link lacks");
            }
            return call("delete-" + operationNoun, address.of(targetId, parentId), null);
        }

        @Override
        public Optional<Call> read(String targetId, String parentId) {
            return addressable(parentId) ? Optional.of(call("get-" + operationNoun, address.of(targetId, parentId), null))
                    : Optional.empty();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> fieldsOf(Object readAnswer) {
            if (readAnswer instanceof Map<?, ?> m && m.get(operationNoun) instanceof Map<?, ?> record) {
                return (Map<String, Object>) record;
            }
            return RecordOperations.super.fieldsOf(readAnswer);
        }

        @Override
        public Optional<Call> update(String targetId, String parentId, Map<String, Object> fields) {
            return addressable(parentId) ? Optional.of(call("update-" + operationNoun, address.of(targetId, parentId), fields))
                    : Optional.empty();
        }

        private boolean addressable(String parentId) {
            return taggable || parentId != null;
        }

        @Override
        public Optional<Call> archive(String targetId, String tag) {
            return taggable ? Optional.of(new Call(ContactsOperations.NAMESPACE + ".add-tags", Map.of("contactId", targetId),
                    Map.of("tags", List.of(tag)))) : Optional.empty();
        }
    }

    private static RecordOperations.Call call(String operationId, Map<String, Object> headers, Map<String, Object> body) {
        return new RecordOperations.Call(ContactsOperations.NAMESPACE + "." + operationId, headers, body);
    }
}
