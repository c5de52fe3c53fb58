package io.contactsbridge.toggl;

import java.time.Clock;
import java.util.List;

import io.contactsbridge.config.Settings;
import io.contactsbridge.runtime.Connector;
import org.apache.camel.RoutesBuilder;

/**
 * Toggl Track: API v9 operation routes, the webhook receiver at {@code /webhooks/toggl}, the
 * quota-aware poller and the webhook subscription. Disabled (one log line) without
 * TOGGL_BASE_URL, TOGGL_API_TOKEN, TOGGL_WORKSPACE_ID and TOGGL_WEBHOOK_SECRET.
 */
public class TogglConnector implements Connector {

    @Override
    public String name() {
        return "toggl";
    }

    @Override
    public String title() {
        return "Toggl Track";
    }

    @Override
    public List<String> missingSettings(Settings settings) {
        return settings.missing(TogglSettings.REQUIRED);
    }

    @Override
    public boolean partlyConfigured(Settings settings) {
        return TogglSettings.REQUIRED.stream().filter(k -> !k.equals(TogglSettings.BASE_URL)).anyMatch(settings::isSet);
    }

    @Override
    public List<RoutesBuilder> routes(Settings settings) {
        TogglApi api = api(settings);
        int maxBody = settings.getInt("bridge.webhook.max-body-bytes", 1_048_576, 1024, 64 * 1024 * 1024);
        return List.of(new TogglApiRoutes(api), new TogglServiceRoutes(api, maxBody));
    }

    /** Only the operation routes ({@code direct:toggl.<id>}, see {@link TogglOperation#ALL}), for {@code call}. */
    public List<RoutesBuilder> clientRoutes(Settings settings) {
        return List.of(new TogglApiRoutes(api(settings)));
    }

    private static TogglApi api(Settings settings) {
        TogglSettings toggl = TogglSettings.from(settings);
        return new TogglApi(toggl, new TogglQuota(toggl.hourlyQuota(), Clock.systemUTC()));
    }
}
