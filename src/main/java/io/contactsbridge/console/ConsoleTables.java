package io.contactsbridge.console;

import static io.contactsbridge.console.Html.esc;
import static io.contactsbridge.console.Html.time;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.sync.SyncAudit;

/** The console's two tables: dead letters by reason with their buttons, and the filterable activity log. */
final class ConsoleTables {
    static final List<String> OUTCOMES = List.of(SyncAudit.WRITTEN, SyncAudit.SKIPPED_UNCHANGED, SyncAudit.SKIPPED_ECHO,
            SyncAudit.LWW_SOURCE_WON, SyncAudit.LWW_TARGET_WON, SyncAudit.SKIPPED_NO_FLOW, SyncAudit.SKIPPED_NO_LINK,
            SyncAudit.SKIPPED_POLICY, SyncAudit.DRY_RUN, SyncAudit.FAILED);

    private ConsoleTables() {
    }

    static void deadLetters(StringBuilder b, ConsolePage.Live live) {
        b.append("<section id=\"dead-letters\"><h2>Dead letters (").append(live.deadLetterCount()).append(")</h2>");
        if (live.deadLetters().isEmpty()) {
            b.append("<p class=\"muted\">None: every event went through or is still being retried.</p></section>");
            return;
        }
        for (Map.Entry<String, List<DeadLetterView.Letter>> group : live.deadLetters().entrySet()) {
            b.append("<div class=\"group\"><h3>").append(esc(PersonalData.mask(group.getKey()))).append(" <span class=\"muted\">(")
                    .append(group.getValue().size()).append(")</span> <button class=\"replay-reason\" data-post=\"/console/dead-letters/replay-reason?reason=")
                    .append(esc(Html.url(group.getKey()))).append("\" data-confirm=\"Replay all ").append(group.getValue().size())
                    .append(" dead letters of this reason?\">Replay all of this reason</button></h3>")
                    .append("<div class=\"scroll\"><table><thead><tr><th>#</th><th>source</th><th>record</th><th>failed</th>")
                    .append("<th>attempts</th><th>error</th><th></th></tr></thead><tbody>");
            for (DeadLetterView.Letter l : group.getValue()) {
                b.append("<tr id=\"dead-letter-").append(l.id()).append("\"><td>").append(l.id()).append("</td><td>")
                        .append(esc(l.source())).append("</td><td><code>").append(esc(l.recordKey())).append("</code></td><td>")
                        .append(time(parse(l.failedAt()), live.now())).append("</td><td>").append(l.attempts()).append("</td><td class=\"error\">")
                        .append(esc(l.error())).append("</td><td class=\"buttons\">")
                        .append("<button class=\"payload\" data-payload=\"/console/dead-letters/").append(l.id()).append("/payload\">Payload</button>")
                        .append("<button class=\"replay\" data-post=\"/console/dead-letters/").append(l.id()).append("/replay\">Replay</button>")
                        .append("<button class=\"drop danger\" data-post=\"/console/dead-letters/").append(l.id())
                        .append("/drop\" data-confirm=\"Drop dead letter ").append(l.id()).append("? The event will not be synced.\">Drop</button>")
                        .append("</td></tr>");
            }
            b.append("</tbody></table></div></div>");
        }
        b.append("</section>");
    }

    static void activity(StringBuilder b, ConsolePage.Live live) {
        ActivityLog.Filter f = live.filter();
        b.append("<section id=\"activity\"><h2>Activity</h2><form class=\"filters\" method=\"get\" action=\"/\">");
        select(b, "connector", "any connector", live.connectorIds(), f.connector());
        select(b, "flow", "any flow", live.flows(), f.flow());
        select(b, "outcome", "any outcome", OUTCOMES, f.outcome());
        if (f.record() != null) {
            b.append("<input type=\"hidden\" name=\"record\" value=\"").append(esc(f.record())).append("\">")
                    .append("<span class=\"chip\">record ").append(esc(f.record())).append(" <a href=\"/\">×</a></span>");
        }
        b.append("<noscript><button type=\"submit\">Filter</button></noscript></form>");
        if (live.activity().isEmpty()) {
            b.append("<p class=\"muted\">No activity").append(f.query().isEmpty() ? " yet" : " for this filter").append(".</p></section>");
            return;
        }
        b.append("<div class=\"scroll\"><table id=\"activity-log\"><thead><tr><th>when</th><th>flow</th><th>from</th>")
                .append("<th>change</th><th>to</th><th>decision</th><th>detail</th></tr></thead><tbody>");
        for (ActivityLog.Row r : live.activity()) {
            SyncAudit.Entry e = r.entry();
            b.append("<tr class=\"outcome-").append(esc(e.outcome())).append("\"><td>").append(time(e.at(), live.now()))
                    .append("</td><td>").append(esc(e.flow())).append("</td><td>").append(side(r.source()))
                    .append("</td><td>").append(esc(e.entity())).append(' ').append(esc(e.action()))
                    .append(e.eventId() == null ? "" : "<br><small class=\"muted\">event " + esc(shorten(e.eventId())) + "</small>")
                    .append("</td><td>").append(side(r.target()))
                    .append(e.operation() == null ? "" : "<br><small class=\"muted\">" + esc(e.operation()) + "</small>")
                    .append("</td><td><span class=\"outcome\">").append(esc(e.outcome())).append("</span></td><td>")
                    .append(esc(r.detail()));
            if (e.undoable() && e.eventId() != null) {
                // undo = roll back this event's writes (rollback skips records changed since by someone else)
                b.append(" <button class=\"undo\" data-post=\"/console/audit/").append(e.id())
                        .append("/undo\" data-confirm=\"Restore the values this event's writes replaced?\">Undo</button>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    private static String side(ActivityLog.Side s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(esc(s.system() == null ? "" : s.system() + " ")).append("<a class=\"record\" href=\"/?record=")
                .append(esc(Html.url(s.historyKey()))).append("\" title=\"every change of this record\">")
                .append(esc(shorten(s.id()))).append("</a>");
        if (s.vendorLink() != null) {
            b.append(" <a class=\"vendor\" href=\"").append(esc(s.vendorLink()))
                    .append("\" target=\"_blank\" rel=\"noopener noreferrer\" title=\"open in the app\">↗</a>");
        }
        return b.toString();
    }

    private static void select(StringBuilder b, String name, String any, List<String> values, String chosen) {
        b.append("<label><span class=\"sr\">").append(esc(name)).append("</span><select name=\"").append(name)
                .append("\" id=\"filter-").append(name).append("\"><option value=\"\">").append(esc(any)).append("</option>");
        for (String v : values) {
            b.append("<option").append(v.equals(chosen) ? " selected" : "").append(" value=\"").append(esc(v)).append("\">")
                    .append(esc(v)).append("</option>");
        }
        b.append("</select></label>");
    }

    private static String shorten(String s) {
        return s == null || s.length() <= 28 ? s : s.substring(0, 12) + "…" + s.substring(s.length() - 12);
    }

    private static Instant parse(String at) {
        try {
            return at == null || at.equals("null") ? null : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
