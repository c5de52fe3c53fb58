package io.contactsbridge.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.http.QuotaLevel;

/**
 * One connection as the console shows it: its state with the reason and what to do, when it last
 * heard a webhook and polled, how old its watermark is, its quota left, token expiry and the last
 * connection check. Everything here is safe to show: no credential, no payload.
 */
record ConnectionView(String id, String title, State state, String reason, String todo, String auth,
                      Instant lastWebhook, Instant lastPoll, String pollError, Instant watermarkAt,
                      List<QuotaLevel> quota, Instant tokenExpires, Instant refreshTokenExpires, Check lastCheck,
                      Map<String, Object> details) {

    enum State {
        OK("OK"), DEGRADED("degraded"), FAILING("failing"), DISABLED("disabled");

        final String label;

        State(String label) {
            this.label = label;
        }

        /** The gauge value: 0 OK, 1 degraded, 2 failing, -1 disabled. */
        int level() {
            return switch (this) {
                case OK -> 0;
                case DEGRADED -> 1;
                case FAILING -> 2;
                case DISABLED -> -1;
            };
        }
    }

    /** A connection check's outcome. */
    record Check(boolean ok, String message, Instant at) {
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", title);
        m.put("connection", state.label);
        m.put("why", reason);
        m.put("todo", todo);
        m.put("auth", auth);
        m.put("lastWebhook", text(lastWebhook));
        m.put("lastPoll", text(lastPoll));
        m.put("pollError", pollError);
        m.put("watermarkAt", text(watermarkAt));
        m.put("quota", quota.stream().map(q -> {
            Map<String, Object> qm = new LinkedHashMap<>();
            qm.put("window", q.window());
            qm.put("remaining", q.remaining() < 0 ? null : q.remaining());
            qm.put("limit", q.limit() < 0 ? null : q.limit());
            qm.put("resetsAt", text(q.resetsAt()));
            return qm;
        }).toList());
        m.put("tokenExpires", text(tokenExpires));
        m.put("refreshTokenExpires", text(refreshTokenExpires));
        if (lastCheck != null) {
            m.put("lastCheck", Map.of("ok", lastCheck.ok(), "message", lastCheck.message(), "at", lastCheck.at().toString()));
        }
        return m;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
