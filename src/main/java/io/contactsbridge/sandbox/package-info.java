/**
 * Sandbox mode: in-process simulators of every external API, served by {@link
 * io.contactsbridge.sandbox.SimulatorRegistry} under {@code /sandbox/<name>} on the bridge's HTTP port.
 * A simulator stands in for a vendor, so nothing here imports the bridge's own code.
 *
 * <p><b>The simulator kit</b> (this package) is written once and used by every simulator:
 * <ul>
 * <li>{@link io.contactsbridge.sandbox.Auth}: Bearer tokens and Basic pairs registered with grants
 *     (account, scopes, expiry); refusals answered in the vendor's shape through a callback.</li>
 * <li>{@link io.contactsbridge.sandbox.Faults} (with {@link io.contactsbridge.sandbox.FaultsBuilder}):
 *     fail-next-N, error / 429 / timeout / slow / apply-then-fail rates, latency, seeded rolls, counts.</li>
 * <li>{@link io.contactsbridge.sandbox.RateLimiter} (fixed or sliding windows per key) and
 *     {@link io.contactsbridge.sandbox.LeakyBucket}: the vendor's quotas; the simulator picks the status
 *     (429, 402 ...) and header names.</li>
 * <li>{@link io.contactsbridge.sandbox.Paging}: offset, page and cursor paging over an ordered list.</li>
 * <li>{@link io.contactsbridge.sandbox.ControlEndpoints}: {@code <root>/_faults} and other
 *     {@code <root>/_<name>} knobs; {@link io.contactsbridge.sandbox.RequestLog} at {@code <root>/_log}.</li>
 * <li>Form bodies: an url-encoded body reaches {@link io.contactsbridge.sandbox.SimRequest#body()} as sent
 *     (see {@code FormBodies}); headers are the request's real headers.</li>
 * </ul>
 *
 * <p><b>A new simulator</b> is its data model plus its routes, in a package of its own
 * ({@code sandbox/<vendor>/}): a public {@code <Vendor>Simulator implements Simulator} with a public
 * no-arg constructor (name, connector, connector settings, the Java API tests use), listed in
 * {@code META-INF/services/io.contactsbridge.sandbox.Simulator}; a store of its records; one class per
 * resource with its routes; a short pipeline class that applies the kit's auth, faults and limits in the
 * vendor's order. See {@code toggl/} and {@code highlevel/}.
 */
package io.contactsbridge.sandbox;
