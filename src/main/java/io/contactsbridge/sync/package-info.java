/**
 * The sync core: durable inbox consumer, content-based router, identity links, decisions
 * (unchanged / echo / last-write-wins), audit, dead letters, the poll cycle.
 *
 * <h2>Writing a flow (YAML in routes/)</h2>
 * <p>A flow is a route whose {@code from} is {@code direct:flow.<source>.<entity>} (entity as in
 * {@link io.contactsbridge.connector.CanonicalChange.Entity#wire()}: {@code client}, {@code time_entry};
 * {@code time-entry} works too), or {@code direct:flow.<source>.<entity>.<name>} when several flows
 * read the same records (each gets its own copy, in route id order). The route id is the flow's name
 * in the audit table. A change no flow reads is audited {@code skipped-no-flow}.
 *
 * <p><b>What the flow receives</b>: body = the change's fields (a Map); headers {@code syncSource},
 * {@code syncEntity}, {@code syncAction} (created | updated | deleted | completed),
 * {@code syncSourceId}, {@code syncEventId}, {@code syncSourceUpdatedAt} (ISO-8601, absent when
 * unknown); exchange properties {@code syncChange} (the {@link io.contactsbridge.connector.CanonicalChange})
 * and {@code syncFlow}. Echoes of our own writes never reach a flow.
 *
 * <p><b>What the flow sets</b> before the building blocks: header {@code syncTargetSystem} (default
 * {@code highlevel}) and {@code syncTargetEntity} (default {@code contact}; {@code task}, {@code note},
 * or e.g. {@code client} for a Toggl target), and the body = the mapped target record (a Map), for
 * example with {@code ${bean:syncMap?method=map(${body}, 'companyName = name; tags = [toggl-client]')}}.
 *
 * <p><b>Building blocks</b> (Java DSL routes):
 * <ul>
 * <li>{@code direct:sync.decide}: link lookup and decision. Sets {@code syncDecision} = write | skip,
 *     {@code syncOutcome}, {@code syncHash}, {@code syncBeforeHash}, {@code syncLinkFound},
 *     {@code syncTargetId} and {@code syncTargetParentId} (from the link, when there is one),
 *     {@code syncTargetUpdatedAt}. Skips (unchanged, last-write-wins lost) are audited here.</li>
 * <li>{@code direct:sync.write-contact}: writes the mapped contact: update-contact when linked;
 *     otherwise get-duplicate-contact by e-mail, then phone, and update-contact on a match; otherwise
 *     upsert-contact, its answer compared field by field and what did not stick sent again with
 *     update-contact. Records link, recent write and audit. Out: body = the answer, {@code syncTargetId}.</li>
 * <li>{@code direct:sync.write}: any other write. Header {@code syncOperation} = the operation route
 *     without {@code direct:} ({@code contacts.create-task}, {@code contacts.update-task},
 *     {@code toggl.create-client}); the route's own headers ({@code contactId}, {@code taskId},
 *     {@code id}, ...) and the request body as the operation wants them. The written record's id is
 *     {@code syncTargetId} if set, else taken from the answer ({@code contact.id}, {@code task.id},
 *     {@code note.id}, {@code id}); for tasks and notes the header {@code contactId} is kept as the
 *     link's parent. Out: body = the answer, {@code syncTargetId}.</li>
 * <li>{@code direct:sync.delete}: header {@code syncDeletePolicy} = delete | archive-tag | ignore
 *     (default {@code bridge.sync.delete-policy}), {@code syncArchiveTag} (default
 *     {@code bridge.sync.archive-tag}); deletes (delete-contact / delete-task / delete-note) or tags
 *     the linked record, once.</li>
 * </ul>
 * Beans: {@code syncLinks.targetId(system, entity, externalId[, targetEntity])} (the HighLevel id
 * linked to a source record, e.g. a project's client's contact), {@code syncLinks.externalId(system,
 * entity, highLevelId)} (the other way), {@code syncMap.map(body, spec)}.
 *
 * <p>Dry run ({@code bridge.dry-run}): the Contacts API routes answer without sending; other
 * systems' operations are not called by {@code direct:sync.write}; the audit says {@code dry-run}
 * and no link is saved.
 */
package io.contactsbridge.sync;
