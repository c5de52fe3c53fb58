/**
 * The HighLevel (LeadConnector) Contacts API v2 simulator, served at {@code /sandbox/highlevel}.
 *
 * <p>For tests and benchmarks, get the running instance from the bridge:
 * {@code bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class)}, then
 * <ul>
 * <li>credentials: {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#registerToken(String, String...)},
 *     {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#issueRefreshToken(String...)},
 *     {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#expireAccessTokens()},
 *     {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#refreshCount()};</li>
 * <li>faults and limits: {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#faults()}
 *     (also {@code GET|PUT /sandbox/highlevel/_faults});</li>
 * <li>webhooks out: {@link io.contactsbridge.sandbox.highlevel.HighLevelSimulator#setWebhookUrl(String)}
 *     (also {@code PUT /sandbox/highlevel/_webhooks}), {@code sendSignedWebhook}, {@code sendRawWebhook};</li>
 * <li>state: {@code contacts()}, {@code contact(id)}, {@code tasks(contactId)}, {@code notes(contactId)};
 *     changes as a HighLevel user: {@code userCreateContact}, {@code userUpdateContact}, {@code userAddTags},
 *     {@code userCreateTask}, {@code userCompleteTask}, {@code userCreateNote}, ... (they fire webhooks);</li>
 * <li>{@code reset()} between tests.</li>
 * </ul>
 */
package io.contactsbridge.sandbox.highlevel;
