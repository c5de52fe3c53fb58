package io.contactsbridge.console;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsbridge.sync.SyncAudit;

/**
 * The sync at a glance: the last hour's decisions in twelve five-minute bars, each stacked as
 * writes and skips by reason (unchanged, echo, last-write-wins lost, other) and failures, drawn on
 * the server as inline SVG; and the events handled per minute over the last five minutes.
 */
final class SyncChart {
    static final Duration HOUR = Duration.ofHours(1);
    static final int BARS = 12;
    /** Series in stacking order: key, label, colour. */
    static final String[][] SERIES = {
        {"written", "written", "#2e7d32"},
        {"unchanged", "skipped: unchanged", "#90a4ae"},
        {"echo", "skipped: echo", "#64b5f6"},
        {"lww", "last-write-wins lost", "#ffb300"},
        {"other", "skipped: other", "#ce93d8"},
        {"failed", "failed", "#d32f2f"},
    };
    private static final int WIDTH = 600;
    private static final int HEIGHT = 140;

    private final long[][] counts = new long[BARS][SERIES.length];
    private final Map<String, Long> totals = new LinkedHashMap<>();
    private final double eventsPerMinute;

    /** Reads the last hour from the audit table: one grouped, indexed query per bar and one for the rate. */
    SyncChart(SyncAudit audit, Instant now) {
        Instant start = now.minus(HOUR);
        long bucketMillis = HOUR.toMillis() / BARS;
        for (String[] s : SERIES) {
            totals.put(s[0], 0L);
        }
        for (int bar = 0; bar < BARS; bar++) {
            Instant from = start.plusMillis(bar * bucketMillis);
            Instant to = bar == BARS - 1 ? now.plusMillis(1) : from.plusMillis(bucketMillis);
            for (Map.Entry<String, Long> e : audit.outcomeCounts(from, to).entrySet()) {
                int series = series(e.getKey());
                counts[bar][series] += e.getValue();
                totals.merge(SERIES[series][0], e.getValue(), Long::sum);
            }
        }
        eventsPerMinute = audit.eventsSince(now.minus(Duration.ofMinutes(5))) / 5.0;
    }

    static int series(String outcome) {
        if (outcome == null) {
            return 4;
        }
        return switch (outcome) {
            case SyncAudit.WRITTEN, SyncAudit.LWW_SOURCE_WON, SyncAudit.DRY_RUN -> 0;
            case SyncAudit.SKIPPED_UNCHANGED -> 1;
            case SyncAudit.SKIPPED_ECHO -> 2;
            case SyncAudit.LWW_TARGET_WON -> 3;
            case SyncAudit.FAILED -> 5;
            default -> 4;
        };
    }

    double eventsPerMinute() {
        return eventsPerMinute;
    }

    Map<String, Long> totals() {
        return totals;
    }

    String svg() {
        long max = 1;
        for (long[] bar : counts) {
            long sum = 0;
            for (long c : bar) {
                sum += c;
            }
            max = Math.max(max, sum);
        }
        int plotTop = 12;
        int plotHeight = HEIGHT - 30;
        double barWidth = (double) WIDTH / BARS;
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                + "\" role=\"img\" aria-label=\"writes and skips over the last hour\" preserveAspectRatio=\"none\">");
        svg.append("<text x=\"2\" y=\"10\" class=\"axis\">").append(max).append("</text>");
        for (int b = 0; b < BARS; b++) {
            double y = plotTop + plotHeight;
            for (int s = 0; s < SERIES.length; s++) {
                long c = counts[b][s];
                if (c == 0) {
                    continue;
                }
                double h = (double) c / max * plotHeight;
                y -= h;
                svg.append(String.format(java.util.Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d</title></rect>",
                        b * barWidth + 3, y, barWidth - 6, h, SERIES[s][2], Html.esc(SERIES[s][1]), c));
            }
        }
        svg.append("<line x1=\"0\" x2=\"").append(WIDTH).append("\" y1=\"").append(plotTop + plotHeight)
                .append("\" y2=\"").append(plotTop + plotHeight).append("\" class=\"baseline\"/>");
        svg.append("<text x=\"2\" y=\"").append(HEIGHT - 4).append("\" class=\"axis\">-60 min</text>");
        svg.append("<text x=\"").append(WIDTH - 2).append("\" y=\"").append(HEIGHT - 4)
                .append("\" class=\"axis\" text-anchor=\"end\">now</text></svg>");
        return svg.toString();
    }
}
