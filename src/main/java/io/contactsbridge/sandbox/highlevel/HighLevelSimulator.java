package io.contactsbridge.sandbox.highlevel;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * A stateful stand-in for HighLevel's (LeadConnector) Contacts API v2, served at
 * {@code /sandbox/highlevel} (the root stands for {@code https://services.leadconnectorhq.com}).
 * Faithful to {@code vendor/highlevel/apps/contacts.json} and {@code apps/oauth.json}: every
 * operation the bridge uses, the documented response shapes and error bodies, scopes, location-bound
 * tokens, OAuth with single-use rotating refresh tokens, the real rate limiter with its five headers,
 * fault injection, and signed webhooks out.
 *
 * <p>Made of: {@link HighLevelPipeline} (the order of checks for one request, control endpoints),
 * {@link HighLevelRoutes} (operations) with {@link ContactsApi} and {@link TasksNotesApi},
 * {@link HighLevelData} and {@link ContactItems} (records), {@link HighLevelAuth} (tokens, OAuth),
 * {@link LocationRateLimiter}, {@link HighLevelFaults} and {@link WebhookSender}; auth, faults, limits,
 * paging and control endpoints come from the simulator kit. Sandbox-only control endpoints (no auth):
 * {@code <root>/_faults}, {@code <root>/_webhooks} ({@code {"url": "..."}}); {@code <root>/_log} is the
 * registry's request log.
 */
public final class HighLevelSimulator implements Simulator, AutoCloseable {
    public static final String NAME = "highlevel";
    public static final String LOCATION_ID = "sandbox-location";
    public static final String TOKEN = "sandbox-highlevel-token";
    public static final String CLIENT_ID = "sandbox-client-id";
    public static final String CLIENT_SECRET = "sandbox-client-secret";
    public static final String VERSION = "2021-07-28";
    public static final String SCOPE_READ = HighLevelAuth.SCOPE_READ;
    public static final String SCOPE_WRITE = HighLevelAuth.SCOPE_WRITE;

    private final HighLevelFaults faults = new HighLevelFaults();
    private volatile LongSupplier clock = System::currentTimeMillis;
    private final HighLevelAuth auth;
    private final LocationRateLimiter limiter;
    private final WebhookSender webhooks = new WebhookSender();
    private final HighLevelData data;
    private final ContactItems items;
    private final HighLevelPipeline pipeline;

    public HighLevelSimulator() {
        LongSupplier now = () -> clock.getAsLong();
        auth = new HighLevelAuth(faults, now);
        limiter = new LocationRateLimiter(faults, now);
        data = new HighLevelData(now, webhooks::send);
        items = data.items();
        pipeline = new HighLevelPipeline(faults, auth, limiter,
                new HighLevelRoutes(new ContactsApi(data), new TasksNotesApi(items)), webhooks);
        auth.registerClient(CLIENT_ID, CLIENT_SECRET);
        data.addLocation(LOCATION_ID);
        auth.registerToken(TOKEN, LOCATION_ID, Set.of(SCOPE_READ, SCOPE_WRITE));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String connector() {
        return "highlevel";
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("highlevel.base-url", rootUrl);
        s.put("highlevel.location-id", LOCATION_ID);
        s.put("highlevel.token", TOKEN);
        s.put("highlevel.webhook.ed25519-key", webhooks.ed25519PublicKeyPem());
        s.put("highlevel.webhook.rsa-key", webhooks.rsaPublicKeyPem());
        return s;
    }

    @Override
    public SimResponse handle(SimRequest request) throws Exception {
        return pipeline.handle(request);
    }

    // =================================================================== Java API for tests and benchmarks

    /** The fault and limit knobs (live: changes apply to the next request). */
    public HighLevelFaults faults() {
        return faults;
    }

    /** Clears every contact, task, note and appointment, the rate-limit windows, faults and webhook log; tokens stay. */
    public void reset() {
        data.clear();
        limiter.reset();
        faults.reset();
        webhooks.clearDeliveries();
    }

    /** Adds a location (sub-account) that tokens can be bound to. */
    public void addLocation(String locationId) {
        data.addLocation(locationId);
    }

    /** HighLevel's "Allow Duplicate Contact" location setting (default off: create refuses a duplicate). */
    public void setAllowDuplicateContacts(boolean allow) {
        data.allowDuplicateContacts(allow);
    }

    /** A private integration token for {@code sandbox-location} with these scopes. */
    public void registerToken(String token, String... scopes) {
        registerToken(token, LOCATION_ID, Set.of(scopes));
    }

    /** A private integration token bound to {@code locationId} (added if new) with these scopes. */
    public void registerToken(String token, String locationId, Set<String> scopes) {
        data.addLocation(locationId);
        auth.registerToken(token, locationId, scopes);
    }

    /** An initial refresh token for the sandbox client and {@code sandbox-location}. */
    public String issueRefreshToken(String... scopes) {
        return issueRefreshToken(LOCATION_ID, Set.of(scopes));
    }

    public String issueRefreshToken(String locationId, Set<String> scopes) {
        data.addLocation(locationId);
        return auth.issueRefreshToken(CLIENT_ID, locationId, scopes);
    }

    /** A single-use authorization code (grant_type=authorization_code) for the sandbox client. */
    public String issueAuthorizationCode(String... scopes) {
        return auth.issueAuthorizationCode(CLIENT_ID, LOCATION_ID, Set.of(scopes));
    }

    public boolean isRefreshTokenValid(String refreshToken) {
        return auth.isRefreshTokenValid(refreshToken);
    }

    public boolean isAccessTokenValid(String accessToken) {
        return auth.isAccessTokenValid(accessToken);
    }

    public void revokeRefreshToken(String refreshToken) {
        auth.revokeRefreshToken(refreshToken);
    }

    /** Expires every OAuth access token issued so far (private integration tokens are not affected). */
    public void expireAccessTokens() {
        auth.expireOAuthAccessTokens();
    }

    /** How many refresh_token grants succeeded. */
    public int refreshCount() {
        return auth.refreshGrants();
    }

    /** How many requests reached {@code POST /oauth/token} (including refused ones, excluding injected faults). */
    public int tokenRequestCount() {
        return auth.tokenRequests();
    }

    // --- webhooks out

    /** Where change webhooks go (null: none are sent). Same as {@code PUT <root>/_webhooks}. */
    public void setWebhookUrl(String url) {
        webhooks.url(url);
    }

    public String webhookUrl() {
        return webhooks.url();
    }

    @Override
    public void deliverWebhooksTo(String bridgeUrl) {
        setWebhookUrl(bridgeUrl + "/webhooks/highlevel");
    }

    public String ed25519PublicKeyPem() {
        return webhooks.ed25519PublicKeyPem();
    }

    public String rsaPublicKeyPem() {
        return webhooks.rsaPublicKeyPem();
    }

    public PublicKey ed25519PublicKey() {
        return webhooks.ed25519PublicKey();
    }

    public PublicKey rsaPublicKey() {
        return webhooks.rsaPublicKey();
    }

    /** {@code X-GHL-Signature} and {@code x-wh-signature} for exactly these bytes. */
    public Map<String, String> signatureHeaders(byte[] body) {
        return webhooks.signatureHeaders(body);
    }

    /** Posts {@code body} (any bytes, e.g. malformed JSON) with exactly {@code headers}, now; returns the outcome. */
    public WebhookDelivery sendRawWebhook(byte[] body, Map<String, String> headers) {
        return webhooks.sendRaw(body, headers);
    }

    /** Posts {@code body} as is, correctly signed with both signatures, now. */
    public WebhookDelivery sendSignedWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return webhooks.sendRaw(bytes, webhooks.signatureHeaders(bytes));
    }

    /** Every delivery attempted so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Waits until the queued change webhooks have been sent. */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        return webhooks.awaitIdle(timeout);
    }

    // --- state

    public List<Map<String, Object>> contacts() {
        return data.contacts(null);
    }

    public List<Map<String, Object>> contacts(String locationId) {
        return data.contacts(locationId);
    }

    public int contactCount() {
        return data.contacts(null).size();
    }

    public Optional<Map<String, Object>> contact(String contactId) {
        return data.contact(contactId);
    }

    /** The contact's tasks, oldest first (empty when the contact does not exist). */
    public List<Map<String, Object>> tasks(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> items.tasks(contactId, null));
    }

    /** The contact's notes, oldest first (empty when the contact does not exist). */
    public List<Map<String, Object>> notes(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> items.notes(contactId, null));
    }

    public List<Map<String, Object>> appointments(String contactId) {
        return data.contact(contactId).isEmpty() ? List.of() : user(() -> items.appointments(contactId, null));
    }

    // --- changes "as a user in HighLevel would": same rules, and they fire webhooks

    /** Creates a contact in {@code sandbox-location} (fields as in create-contact); its stored state. */
    public Map<String, Object> userCreateContact(Map<String, Object> fields) {
        return userCreateContact(LOCATION_ID, fields);
    }

    public Map<String, Object> userCreateContact(String locationId, Map<String, Object> fields) {
        return user(() -> data.createContact(locationId, fields));
    }

    public Map<String, Object> userUpdateContact(String contactId, Map<String, Object> fields) {
        return user(() -> data.updateContact(contactId, null, fields));
    }

    public void userDeleteContact(String contactId) {
        user(() -> {
            data.deleteContact(contactId, null);
            return null;
        });
    }

    public List<String> userAddTags(String contactId, String... tags) {
        return user(() -> data.addTags(contactId, null, Arrays.asList(tags)));
    }

    public List<String> userRemoveTags(String contactId, String... tags) {
        return user(() -> data.removeTags(contactId, null, Arrays.asList(tags)));
    }

    /** Creates a task (fields as in create-task: title, body, dueDate, completed, assignedTo). */
    public Map<String, Object> userCreateTask(String contactId, Map<String, Object> fields) {
        return user(() -> items.createTask(contactId, null, fields));
    }

    public Map<String, Object> userUpdateTask(String contactId, String taskId, Map<String, Object> fields) {
        return user(() -> items.updateTask(contactId, taskId, null, fields));
    }

    public Map<String, Object> userCompleteTask(String contactId, String taskId) {
        return userUpdateTask(contactId, taskId, Map.of("completed", true));
    }

    public void userDeleteTask(String contactId, String taskId) {
        user(() -> {
            items.deleteTask(contactId, taskId, null);
            return null;
        });
    }

    public Map<String, Object> userCreateNote(String contactId, String body) {
        return user(() -> items.createNote(contactId, null, Map.of("body", body)));
    }

    public Map<String, Object> userUpdateNote(String contactId, String noteId, String body) {
        return user(() -> items.updateNote(contactId, noteId, null, Map.of("body", body)));
    }

    public void userDeleteNote(String contactId, String noteId) {
        user(() -> {
            items.deleteNote(contactId, noteId, null);
            return null;
        });
    }

    /** Books an appointment for a contact (appointments are read-only in the Contacts API). */
    public Map<String, Object> addAppointment(String contactId, String title, Instant start, Instant end) {
        return items.addAppointment(contactId, title, start, end, "booked");
    }

    /** Makes the simulator's clock (record stamps, token expiry, rate-limit windows) come from {@code millis}. */
    void useClock(LongSupplier millis) {
        this.clock = millis;
    }

    private static <T> T user(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (ApiError e) {
            throw new IllegalArgumentException(String.valueOf(e.body().get("message")), e);
        }
    }

    @Override
    public synchronized void seedDemoData() {
        // once per simulator: a bridge restarted on the same simulator finds the data as it left it
        if (!seeded) {
            seeded = true;
            HighLevelDemoData.seed(data, clock.getAsLong());
        }
    }

    private boolean seeded;

    @Override
    public void close() {
        webhooks.close();
    }
}
