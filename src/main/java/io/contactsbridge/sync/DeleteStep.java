package io.contactsbridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.RecordOperations;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code direct:sync.delete}: a source record was deleted; the record linked to it is deleted,
 * archived with a tag, or left alone, by the delete policy and the operations its system declares.
 */
final class DeleteStep {
    private final SyncSteps steps;
    private final CamelContext context;
    private final SyncLinks links;
    private final SyncAudit audit;
    private final SyncSettings settings;

    DeleteStep(SyncSteps steps, CamelContext context, SyncLinks links, SyncAudit audit, SyncSettings settings) {
        this.steps = steps;
        this.context = context;
        this.links = links;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * Applies the delete policy ({@code syncDeletePolicy}: delete | archive-tag | ignore, default
     * {@code bridge.sync.delete-policy}) to the record linked to the deleted source record, with the
     * operations its system declares ({@link RecordOperations}).
     */
    public void delete(Exchange exchange) {
        CanonicalChange change = SyncSteps.change(exchange);
        Message m = exchange.getMessage();
        String policy = m.getHeader(SyncSteps.DELETE_POLICY, settings.deletePolicy(), String.class);
        if (!SyncSteps.DELETE_POLICIES.contains(policy)) {
            throw new IllegalArgumentException(SyncSteps.DELETE_POLICY + " must be one of " + SyncSteps.DELETE_POLICIES + ", not '" + policy + "'");
        }
        String tag = m.getHeader(SyncSteps.ARCHIVE_TAG, settings.archiveTag(), String.class);
        String targetSystem = steps.targetSystem(m);
        String targetEntity = SyncSteps.targetEntity(m);
        SyncAudit.Target about = new SyncAudit.Target(targetSystem, targetEntity);
        String flow = SyncSteps.flow(exchange);
        SyncLinks.Link link = links.find(change.source(), change.entity().wire(), change.sourceId(), targetSystem,
                targetEntity);
        if (policy.equals("ignore")) {
            SyncSteps.skip(m, SyncAudit.SKIPPED_POLICY);
            audit.record(about, flow, change, null, link == null ? null : link.targetId(), null, null, SyncAudit.SKIPPED_POLICY,
                    null, "delete policy ignore");
            return;
        }
        if (link == null || link.targetId() == null) {
            SyncSteps.skip(m, SyncAudit.SKIPPED_NO_LINK);
            audit.record(about, flow, change, null, null, null, null, SyncAudit.SKIPPED_NO_LINK, null,
                    "nothing linked to the deleted record");
            return;
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("deleted", policy);
        if (policy.equals("archive-tag")) {
            marker.put("tag", tag);
        }
        String markerHash = SyncJson.hash(marker);
        m.setHeader(SyncSteps.HASH, markerHash);
        m.setHeader(SyncSteps.TARGET_ID, link.targetId());
        if (link.targetParentId() != null) {
            m.setHeader(SyncSteps.TARGET_PARENT_ID, link.targetParentId());
        }
        if (markerHash.equals(link.sourceHash())) {
            SyncSteps.skip(m, SyncAudit.SKIPPED_UNCHANGED);
            audit.record(about, flow, change, null, link.targetId(), link.sourceHash(), markerHash,
                    SyncAudit.SKIPPED_UNCHANGED, null, "already " + policy);
            return;
        }
        m.setHeader(SyncSteps.DECISION, SyncSteps.WRITE);
        m.setHeader(SyncSteps.OUTCOME, SyncAudit.WRITTEN);
        RecordOperations records = recordOperations(targetSystem, targetEntity);
        if (policy.equals("archive-tag")) {
            RecordOperations.Call archive = records.archive(link.targetId(), tag).orElse(null);
            if (archive == null) {
                SyncSteps.skip(m, SyncAudit.SKIPPED_POLICY);
                audit.record(about, flow, change, null, link.targetId(), null, null, SyncAudit.SKIPPED_POLICY, null,
                        "archive-tag does not apply to " + targetSystem + " " + targetEntity + "; use delete or ignore");
                return;
            }
            SyncSteps.Answer a = steps.call(archive.operation(), archive.headers(), archive.body());
            steps.record(exchange, archive.operationId(), link.targetId(), archive.body(), a.body(), a.dryRun(),
                    "archived with tag " + tag, Boolean.FALSE);
            return;
        }
        RecordOperations.Call delete = records.delete(link.targetId(), link.targetParentId());
        SyncSteps.Answer a;
        try {
            a = steps.call(delete.operation(), delete.headers(), delete.body());
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            a = new SyncSteps.Answer(Map.of("alreadyGone", true), false, List.of());
        }
        String operation = delete.operationId();
        if (a.dryRun()) {
            audit.record(about, flow, change, operation, link.targetId(), link.sourceHash(), markerHash, SyncAudit.DRY_RUN,
                    null, null);
            return;
        }
        links.recordRecentWrite(targetSystem, targetEntity, link.targetId(), flow, operation, Map.of());
        links.forget(change.source(), change.entity().wire(), change.sourceId(), targetSystem, targetEntity);
        audit.record(about, flow, change, operation, link.targetId(), link.sourceHash(), markerHash, SyncAudit.WRITTEN, null,
                a.body() instanceof Map<?, ?> b && b.containsKey("alreadyGone") ? "already deleted" : null);
    }

    private RecordOperations recordOperations(String system, String entity) {
        for (RecordOperations r : context.getRegistry().findByType(RecordOperations.class)) {
            if (r.system().equals(system) && r.entity().equals(entity)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no delete operation for " + system + " " + entity
                + " (is its connector enabled?)");
    }
}
