package io.contactsbridge.sync;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.contactsbridge.api.ApiException;
import io.contactsbridge.api.CreateOutcomeUnknown;
import io.contactsbridge.api.NoAnswer;
import io.contactsbridge.api.ServerError;
import io.contactsbridge.connector.CanonicalChange;

/**
 * Create intents ({@code sync_create_intent}): stored before a create is sent for a source record
 * that has no link yet, removed when the created record is linked or the create was refused. A
 * later attempt that finds one (the process died after sending, the answer was lost, a lease ran
 * out) gives its time to the operation route, which looks the record up before creating anything.
 */
final class CreateIntents {
    private final Jdbc jdbc;

    CreateIntents(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** One intent: its key, and when an earlier attempt sent the create (null: this is the first). */
    record Intent(CanonicalChange change, String targetSystem, String targetEntity, Instant earlierAttempt) {
    }

    Intent begin(CanonicalChange change, String targetSystem, String targetEntity, String operation) {
        Object[] key = {change.source(), change.entity().wire(), change.sourceId(), targetSystem, targetEntity};
        Instant earlier = jdbc.first("SELECT started_at FROM sync_create_intent WHERE source = ? AND source_entity = ? "
                + "AND source_id = ? AND target_system = ? AND target_entity = ?", rs -> rs.getTimestamp(1).toInstant(), key);
        if (earlier == null) {
            try {
                jdbc.update("INSERT INTO sync_create_intent (source, source_entity, source_id, target_system, target_entity, "
                        + "operation, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)", key[0], key[1], key[2], key[3], key[4],
                        operation, Instant.now());
            } catch (Jdbc.SyncStoreException e) {
                // another claimant stored one just now: treat its attempt as an earlier one
                earlier = Instant.now();
            }
        }
        return new Intent(change, targetSystem, targetEntity, earlier);
    }

    /** The create was linked, or refused (nothing was created): the intent is settled. */
    void end(Intent intent) {
        CanonicalChange c = intent.change();
        jdbc.update("DELETE FROM sync_create_intent WHERE source = ? AND source_entity = ? AND source_id = ? "
                + "AND target_system = ? AND target_entity = ?", c.source(), c.entity().wire(), c.sourceId(),
                intent.targetSystem(), intent.targetEntity());
    }

    /** After a failure: settled when the create cannot have made anything; kept when it may have. */
    void failed(Intent intent, Throwable error) {
        // no answer or a 5xx may have been applied; a 4xx (refused, rate limited) created nothing
        boolean mayHaveCreated = !(error instanceof ApiException api) || api instanceof NoAnswer
                || api instanceof ServerError || api instanceof CreateOutcomeUnknown || api.status() == 0 || api.status() >= 500;
        if (!mayHaveCreated) {
            end(intent);
        }
    }

    /** Intents left by writes linked just before a crash (the link is there, the intent was not removed yet). */
    int prune(Duration olderThan) {
        return jdbc.update("DELETE FROM sync_create_intent WHERE started_at < ?", Instant.now().minus(olderThan));
    }
}
