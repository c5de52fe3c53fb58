package io.contactsbridge.config;

/** Keys (application.properties names) of the bridge's own settings, shared by its parts. */
public final class BridgeSettings {
    /** Port for webhooks, the status page, {@code /api/*} and, in sandbox mode, {@code /sandbox/*}. */
    public static final String HTTP_PORT = "http.port";
    /** Port for {@code /observe/health} and {@code /observe/metrics}. */
    public static final String MANAGEMENT_PORT = "management.port";
    public static final String BIND_HOST = "bridge.bind-host";
    public static final String ADMIN_TOKEN = "bridge.admin-token";
    public static final String DRY_RUN = "bridge.dry-run";
    /** Largest webhook body accepted; larger bodies get 413. */
    public static final String WEBHOOK_MAX_BODY_BYTES = "bridge.webhook.max-body-bytes";
    public static final int DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;
    /** How long processed inbox rows (and their event ids) are kept. */
    public static final String INBOX_RETENTION_DAYS = "bridge.inbox.retention-days";
    public static final int DEFAULT_INBOX_RETENTION_DAYS = 30;

    private BridgeSettings() {
    }
}
