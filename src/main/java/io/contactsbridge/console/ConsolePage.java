package io.contactsbridge.console;

import static io.contactsbridge.console.Html.esc;
import static io.contactsbridge.console.Html.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.Alerts;
import io.contactsbridge.connector.http.QuotaLevel;

/**
 * The console's HTML: the page shell (header, buttons, the live part, the payload panel) and the
 * live part the page's script fetches again every few seconds: open incidents, one card per
 * connection, the sync at a glance, dead letters and the activity log ({@link ConsoleTables}).
 * Plain server-rendered HTML; every value goes through {@link Html#esc}.
 */
final class ConsolePage {
    private ConsolePage() {
    }

    /** Everything the live part shows, gathered once per request. */
    record Live(List<ConnectionView> connections, List<Alerts.Incident> incidents, Map<String, Long> inbox,
                SyncChart chart, Map<String, List<DeadLetterView.Letter>> deadLetters, int deadLetterCount,
                List<ActivityLog.Row> activity, ActivityLog.Filter filter, List<String> connectorIds, List<String> flows,
                Instant now) {
    }

    static String login(String error, boolean open) {
        StringBuilder b = head("Contacts Bridge — sign in");
        b.append("<main class=\"login\"><h1>Contacts Bridge</h1>");
        if (!open) {
            b.append("<p class=\"bad\">The console is closed: set <code>BRIDGE_ADMIN_TOKEN</code> and restart the bridge.</p>");
        } else {
            if (error != null) {
                b.append("<p class=\"bad\" id=\"login-error\">").append(esc(error)).append("</p>");
            }
            b.append("<form method=\"post\" action=\"/console/login\">")
                    .append("<label for=\"token\">Admin token (<code>BRIDGE_ADMIN_TOKEN</code>)</label>")
                    .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus>")
                    .append("<button type=\"submit\" id=\"login\">Sign in</button></form>")
                    .append("<p class=\"muted\">The token is checked once; the browser keeps only a session cookie.</p>");
        }
        return b.append("</main></body></html>").toString();
    }

    static String page(Live live, String csrf, int refreshSeconds, String mode) {
        StringBuilder b = head("Contacts Bridge — status");
        b.append("<meta name=\"csrf-token\" content=\"").append(esc(csrf)).append("\">")
                .append("<meta name=\"refresh-seconds\" content=\"").append(refreshSeconds).append("\">");
        b.append("<header><h1>Contacts Bridge</h1>");
        if (mode != null) {
            b.append("<span class=\"badge\">").append(esc(mode)).append("</span>");
        }
        b.append("<span class=\"muted\" id=\"updated\">refreshes every ").append(refreshSeconds).append(" s</span>")
                .append("<span class=\"actions\"><button data-post=\"/console/check\" id=\"check\">Check connections</button>")
                .append("<button data-post=\"/console/logout\" data-then=\"reload\" class=\"plain\">Sign out</button></span></header>")
                .append("<div id=\"flash\" role=\"status\" aria-live=\"polite\"></div>")
                .append("<div id=\"live\">").append(live(live)).append("</div>")
                .append("<aside id=\"payload\" hidden><div class=\"panel\"><header><h2>Payload</h2>")
                .append("<button id=\"payload-full\" class=\"plain\">Show personal data</button>")
                .append("<button id=\"payload-close\" class=\"plain\">Close</button></header><pre id=\"payload-text\"></pre>")
                .append("</div></aside><script src=\"/console/console.js\"></script></body></html>");
        return b.toString();
    }

    static String live(Live live) {
        StringBuilder b = new StringBuilder();
        incidents(b, live);
        connections(b, live);
        sync(b, live);
        ConsoleTables.deadLetters(b, live);
        ConsoleTables.activity(b, live);
        return b.toString();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>").append(esc(title))
                .append("</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body>");
    }

    private static void incidents(StringBuilder b, Live live) {
        b.append("<section id=\"incidents\"><h2>Open incidents (").append(live.incidents().size()).append(")</h2>");
        if (live.incidents().isEmpty()) {
            b.append("<p class=\"muted\">None.</p>");
        } else {
            b.append("<ul>");
            for (Alerts.Incident i : live.incidents()) {
                b.append("<li class=\"incident\"><strong>").append(esc(i.connectorId() == null ? "bridge" : i.connectorId()))
                        .append("</strong> ").append(esc(SecretMasker.mask(i.summary()))).append(" <span class=\"muted\">since ")
                        .append(time(i.since(), live.now())).append(" · ").append(esc(i.key())).append("</span></li>");
            }
            b.append("</ul>");
        }
        b.append("</section>");
    }

    private static void connections(StringBuilder b, Live live) {
        b.append("<section id=\"connections\"><h2>Connections</h2><div class=\"cards\">");
        for (ConnectionView c : live.connections()) {
            String state = c.state().name().toLowerCase();
            b.append("<article class=\"card ").append(state).append("\" id=\"connection-").append(esc(c.id()))
                    .append("\" data-state=\"").append(state).append("\"><h3><span class=\"dot\"></span>")
                    .append(esc(c.title())).append(" <span class=\"state\">").append(esc(c.state().label)).append("</span></h3>")
                    .append("<p class=\"reason\">").append(esc(PersonalData.mask(c.reason()))).append("</p>");
            if (c.todo() != null && !c.todo().isEmpty()) {
                b.append("<p class=\"todo\">To do: ").append(esc(c.todo())).append("</p>");
            }
            if (c.state() != ConnectionView.State.DISABLED) {
                b.append("<dl>");
                dt(b, "last webhook", time(c.lastWebhook(), live.now()));
                dt(b, "last poll", time(c.lastPoll(), live.now()));
                if (c.watermarkAt() != null) {
                    dt(b, "watermark age", esc(Html.span(Duration.between(c.watermarkAt(), live.now()).abs())));
                }
                for (QuotaLevel q : c.quota()) {
                    dt(b, "quota " + q.window(), quota(q));
                }
                if (c.auth() != null) {
                    dt(b, "auth", esc(c.auth()));
                }
                if (c.tokenExpires() != null) {
                    dt(b, "token expires", time(c.tokenExpires(), live.now()));
                }
                if (c.refreshTokenExpires() != null) {
                    dt(b, "refresh token ends", time(c.refreshTokenExpires(), live.now()));
                }
                if (c.lastCheck() != null) {
                    dt(b, "last check", "<span class=\"check " + (c.lastCheck().ok() ? "ok" : "failing") + "\">"
                            + (c.lastCheck().ok() ? "OK" : "failed") + "</span> " + time(c.lastCheck().at(), live.now())
                            + " <span class=\"muted\">" + esc(PersonalData.mask(c.lastCheck().message())) + "</span>");
                }
                b.append("</dl>");
            }
            b.append("</article>");
        }
        b.append("</div></section>");
    }

    private static String quota(QuotaLevel q) {
        if (q.remaining() < 0) {
            return "<span class=\"muted\">not known yet</span>";
        }
        double left = q.fractionLeft();
        String text = q.remaining() + (q.limit() > 0 ? " of " + q.limit() : "") + " left";
        if (left < 0) {
            return esc(text);
        }
        return "<meter min=\"0\" max=\"1\" low=\"0.2\" optimum=\"1\" value=\"" + String.format(java.util.Locale.ROOT, "%.3f", left)
                + "\"></meter> " + esc(text);
    }

    private static void dt(StringBuilder b, String term, String html) {
        b.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static void sync(StringBuilder b, Live live) {
        b.append("<section id=\"sync\"><h2>Sync at a glance</h2><div class=\"figures\">");
        figure(b, "inbox waiting", live.inbox().getOrDefault("NEW", 0L) + live.inbox().getOrDefault("RETRY", 0L), "inbox-depth");
        figure(b, "retrying", live.inbox().getOrDefault("RETRY", 0L), "inbox-retry");
        figure(b, "events / min", String.format(java.util.Locale.ROOT, "%.1f", live.chart().eventsPerMinute()), "events-per-minute");
        figure(b, "dead letters", live.deadLetterCount(), "dead-letter-count");
        b.append("</div><figure>").append(live.chart().svg()).append("<figcaption>Last hour, 5-minute bars: ");
        for (int i = 0; i < SyncChart.SERIES.length; i++) {
            String[] s = SyncChart.SERIES[i];
            b.append("<span class=\"key\"><i class=\"k").append(i).append("\"></i>").append(esc(s[1]))
                    .append(" <b id=\"total-").append(s[0]).append("\">").append(live.chart().totals().get(s[0]))
                    .append("</b></span> ");
        }
        b.append("</figcaption></figure></section>");
    }

    private static void figure(StringBuilder b, String label, Object value, String id) {
        b.append("<div class=\"figure\"><strong id=\"").append(id).append("\">").append(esc(value)).append("</strong><span>")
                .append(esc(label)).append("</span></div>");
    }
}
