package io.contactsbridge.hubstaff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactsbridge.connector.KitBeans;
import io.contactsbridge.connector.webhook.WebhookEvent;
import io.contactsbridge.connector.webhook.WebhookPolicy;
import io.contactsbridge.connector.webhook.WebhookRejection;
import io.contactsbridge.connector.webhook.WebhookReply;
import io.contactsbridge.connector.webhook.WebhookRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hubstaff's rules on the shared intake, {@code POST /webhooks/hubstaff/<token>}. The reference
 * documents no signature on deliveries, so each subscription's target URL carries an unguessable
 * token ({@link HubstaffHooks}); a path with any other token is refused (404) before anything is read.
 * The handshake (an empty body with {@code X-Hook-Secret}) is answered 200 with the same header, and
 * the secret is stored with the subscription for its activation. A delivery that carries
 * {@code X-Hook-Secret} must carry that secret (401 otherwise). Events: {@code task.create} is synced;
 * {@code timer.start}, {@code timer.stop}, {@code shift.late} and unknown types are stored and counted
 * as ignored (nothing lost; activity notes come from the poll). The event id is the delivery's
 * {@code id} (else a hash of the body), so a repeated delivery is stored once; Hubstaff's retry
 * policy is not documented, so a duplicate is answered 200.
 */
final class HubstaffWebhookPolicy implements WebhookPolicy, CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(HubstaffWebhookPolicy.class);
    /** The path segment the intake hands over. */
    static final String PATH_PARAMETER = "hubstaffPathToken";
    static final Set<String> SYNCED = Set.of("task.create", "task.update", "task.delete");
    private static final Pattern TYPE = Pattern.compile("[a-z_]{1,40}\\.[a-z_]{1,40}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private CamelContext context;
    private volatile HubstaffHooks hooks;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** Tests: the subscriptions table to check tokens against. */
    void hooks(HubstaffHooks hooks) {
        this.hooks = hooks;
    }

    private HubstaffHooks hooks() {
        if (hooks == null) {
            DataSource ds = context == null ? null : context.getRegistry().lookupByNameAndType(KitBeans.DATA_SOURCE, DataSource.class);
            if (ds == null) {
                throw new IllegalStateException("the Hubstaff webhook needs the state store");
            }
            hooks = new HubstaffHooks(ds);
        }
        return hooks;
    }

    @Override
    public String source() {
        return HubstaffConnector.ID;
    }

    @Override
    public String pathParameter() {
        return PATH_PARAMETER;
    }

    @Override
    public Optional<WebhookReply> beforeBody(WebhookRequest request) {
        HubstaffHooks.Hook hook = hook(request);
        String secret = request.header(HubstaffOperations.HOOK_SECRET);
        if (request.body().length > 0 || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        if (hook.secret() != null && !same(hook.secret(), secret)) {
            LOG.warn("Hubstaff webhook handshake refused: subscription {} already has another secret", hook.webhookId());
            throw WebhookRejection.unauthorized("secret_invalid", "this subscription was verified with another secret");
        }
        hooks().recordSecret(hook.token(), secret.trim());
        LOG.info("Hubstaff webhook handshake answered for subscription {}", hook.webhookId() == null ? "(being created)" : hook.webhookId());
        return Optional.of(WebhookReply.of(200, java.util.Map.of("status", "verified"))
                .withHeader(HubstaffOperations.HOOK_SECRET, secret.trim()));
    }

    @Override
    public void verify(WebhookRequest request) {
        HubstaffHooks.Hook hook = hook(request);
        String secret = request.header(HubstaffOperations.HOOK_SECRET);
        if (secret != null && (hook.secret() == null || !same(hook.secret(), secret.trim()))) {
            LOG.warn("Hubstaff webhook refused: X-Hook-Secret does not match subscription {}", hook.webhookId());
            throw WebhookRejection.unauthorized("secret_invalid", "X-Hook-Secret does not match this subscription");
        }
    }

    @Override
    public WebhookEvent read(WebhookRequest request, ObjectNode body) {
        String type = text(body, "event");
        if (type == null) {
            type = text(body, "event_type");
        }
        if (type == null || !TYPE.matcher(type).matches()) {
            throw WebhookRejection.badRequest("invalid_event", "a Hubstaff event names its type in 'event' (e.g. task.create)");
        }
        String id = text(body, "id");
        String eventId = id != null && ID.matcher(id).matches() ? id : sha256(request.body());
        String recordKey = null;
        if (type.startsWith("task.") && body.path("data").path("task").path("id").canConvertToLong()) {
            recordKey = HubstaffChanges.SOURCE + ":" + HubstaffEntities.TODO.wire() + ":"
                    + body.path("data").path("task").path("id").asLong();
        }
        return SYNCED.contains(type) ? WebhookEvent.accepted(eventId, recordKey, type)
                : WebhookEvent.notSynced(eventId, recordKey, type);
    }

    @Override
    public WebhookReply duplicate(WebhookEvent event) {
        return WebhookReply.of(200, java.util.Map.of("status", "duplicate"));
    }

    private HubstaffHooks.Hook hook(WebhookRequest request) {
        String token = request.pathValue();
        Optional<HubstaffHooks.Hook> hook = token == null || token.length() > 100 ? Optional.empty() : hooks().find(token);
        if (hook.isEmpty()) {
            throw new WebhookRejection(404, "unknown_path", "no Hubstaff subscription has this path");
        }
        return hook.get();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !(n.isTextual() || n.isNumber()) ? null : n.asText();
    }

    private static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
