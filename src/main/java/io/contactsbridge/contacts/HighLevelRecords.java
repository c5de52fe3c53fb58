package io.contactsbridge.contacts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.contactsbridge.connector.RecordOperations;
import io.contactsbridge.contacts.webhook.HighLevelEntities;

/**
 * How the sync core deletes (or archives with a tag) the HighLevel records it wrote: contacts,
 * their tasks and their notes. Tasks and notes are addressed through their contact (the link's parent).
 */
final class HighLevelRecords {
    private HighLevelRecords() {
    }

    static List<RecordOperations> all() {
        return List.of(
                new Records(HighLevelEntities.CONTACT.wire(), (id, parent) -> call("delete-contact", Map.of("contactId", id)), true),
                new Records(HighLevelEntities.TASK.wire(),
                        (id, parent) -> call("delete-task", Map.of("contactId", parent, "taskId", id)), false),
                new Records(HighLevelEntities.NOTE.wire(), (id, parent) -> call("delete-note", Map.of("contactId", parent, "id", id)), false));
    }

    private interface Delete {
        RecordOperations.Call of(String targetId, String parentId);
    }

    private record Records(String entity, Delete deleter, boolean taggable) implements RecordOperations {
        @Override
        public String system() {
            return HighLevelConnector.ID;
        }

        @Override
        public Call delete(String targetId, String parentId) {
            if (parentId == null && !taggable) {
                throw new IllegalArgumentException("a HighLevel " + entity + " is deleted through its contact, which the link lacks");
            }
            return deleter.of(targetId, parentId);
        }

        @Override
        public Optional<Call> archive(String targetId, String tag) {
            return taggable ? Optional.of(new Call(ContactsOperations.NAMESPACE + ".add-tags", Map.of("contactId", targetId),
                    Map.of("tags", List.of(tag)))) : Optional.empty();
        }
    }

    private static RecordOperations.Call call(String operationId, Map<String, Object> headers) {
        return new RecordOperations.Call(ContactsOperations.NAMESPACE + "." + operationId, headers, null);
    }
}
