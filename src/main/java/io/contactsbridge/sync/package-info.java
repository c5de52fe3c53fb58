/**
 * The sync core: durable inbox consumer, content-based router, identity links, decisions
 * (unchanged / echo / last-write-wins), audit, dead letters, the poll cycle. It names no connector:
 * translators, pollers and record operations come from the connectors through the registry, and
 * the operations a flow writes with are named in the flow.
 *
 * <h2>Writing a flow (YAML in routes/)</h2>
 * <p>A flow is a route whose {@code from} is {@code direct:flow.<source>.<entity>} (entity as the
 * connector names it: {@code client}, {@code time_entry}; {@code time-entry} works too), or
 * {@code direct:flow.<source>.<entity>.<name>} when several flows read the same records (each gets
 * its own copy, in route id order), with {@code routeConfigurationId: sync-flow} (the shared error
 * handling: a failure goes back to the inbox, which retries or dead-letters it). The route id is
 * the flow's name in the audit table; name it {@code source-entity-to-target}. A change no flow
 * reads is audited {@code skipped-no-flow}. Open the file with a comment block saying what it
 * syncs, its trigger, its parameters and the headers it relies on.
 *
 * <p><b>What the flow receives</b>: body = the change's fields (a Map); headers {@code syncSource},
 * {@code syncEntity}, {@code syncAction} (created | updated | deleted | completed),
 * {@code syncSourceId}, {@code syncEventId}, {@code syncSourceUpdatedAt} (ISO-8601, absent when
 * unknown); exchange properties {@code syncChange} (the {@link io.contactsbridge.connector.CanonicalChange})
 * and {@code syncFlow}. Echoes of our own writes never reach a flow.
 *
 * <p><b>Saving a record</b>: {@code direct:sync.save} ({@link io.contactsbridge.sync.SaveStep}) decides
 * (unchanged? last-write-wins lost?) and writes through the audited, dry-run-aware write step. Inputs:
 * {@code syncTargetSystem} (default: the hub), {@code syncTargetEntity} (default {@code contact});
 * {@code syncOperation} (one operation route, e.g. {@code contacts.save-contact}, {@code contacts.add-tags})
 * or {@code syncCreate} + {@code syncUpdate} ({@code contacts.create-note} / {@code contacts.update-note});
 * {@code syncTargetIdHeader} (the header the operation takes the target's id in: {@code contactId},
 * {@code id}, {@code taskId}, {@code client_id}); optionally {@code syncTargetId} (the record this must go
 * to), {@code syncTargetParentId} (e.g. the contact of a task), {@code syncCreateExtras} (fields added
 * only when creating, not compared), {@code syncRecordLink=false} (audit only); the operation's own
 * headers; body = the mapped record. Results: {@code syncDecision}, {@code syncOutcome},
 * {@code syncSavedId} (the target's id), body = the answer. Each save consumes its inputs and clears
 * what an earlier save left, so a flow can save several records in a row.
 *
 * <p><b>Writing without the unchanged check</b>: {@code direct:sync.write}, with {@code syncOperation},
 * {@code syncTargetId} and the operation's headers and body: audited, dry-run-aware, inputs consumed
 * like a save. For removals whose body equals what was added (tags): with {@code syncRecordLink=forget}
 * the link goes with them, so a later save writes again.
 *
 * <p><b>Deleting</b>: {@code direct:sync.delete} with {@code syncDeletePolicy} = delete | archive-tag |
 * ignore (default {@code bridge.sync.delete-policy}), {@code syncArchiveTag} (default
 * {@code bridge.sync.archive-tag}); deletes or tags the linked record once, with the operations its
 * system declares ({@link io.contactsbridge.connector.RecordOperations}).
 *
 * <p>Lower-level block, for Java callers and tests: {@code direct:sync.decide}
 * ({@link io.contactsbridge.sync.SyncSteps}). Beans:
 * {@code syncLinks.targetId(system, entity, externalId[, targetEntity])} (the hub's record linked to a
 * source record), {@code syncLinks.externalId(system, entity, hubId)} (the other way),
 * {@code syncMap.map(body, spec)}.
 *
 * <p>Dry run ({@code bridge.dry-run}): every connector's operation routes answer writes without
 * sending them; the audit says {@code dry-run} and no link is saved.
 */
package io.contactsbridge.sync;
