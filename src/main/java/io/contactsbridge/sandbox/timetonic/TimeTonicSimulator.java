package io.contactsbridge.sandbox.timetonic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.contactsbridge.sandbox.ControlEndpoints;
import io.contactsbridge.sandbox.Faults;
import io.contactsbridge.sandbox.Faults.Knob;
import io.contactsbridge.sandbox.Knobs;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.Simulator;

/**
 * TimeTonic's single endpoint {@code <root>/api.php}, in memory: every call a POST of form fields
 * (query-string fields are read too, as TimeTonic does), the operation in {@code req}
 * ({@link TimeTonicApi}), answers always JSON with {@code status} ok or nok (HTTP 200 for logical
 * errors). The sandbox book {@value #BOOK_CODE} of {@value #O_U} has a leads table
 * ({@value #LEADS_TABLE}, with a modified-at field) and a contacts table ({@value #CONTACTS_TABLE}).
 * Faults (errorRate, failNext, slow, ...) at {@code <root>/_faults}; sessions at {@code <root>/_sessions}
 * ({@code {"expireNow": true}}, {@code {"sessionMillis": n}}).
 */
public class TimeTonicSimulator implements Simulator {
    public static final String NAME = "timetonic";
    public static final String APP_KEY = "sandbox-timetonic-appkey";
    public static final String O_U = "sandbox";
    public static final String LOGIN = "sandbox";
    public static final String PASSWORD = "sandbox-timetonic-password";
    public static final String BOOK_CODE = "SANDBOX-BOOK";
    public static final long LEADS_TABLE = 5001;
    public static final long CONTACTS_TABLE = 5002;

    private final TimeTonicBook book = new TimeTonicBook(Clock.systemUTC());
    private final TimeTonicApi api = new TimeTonicApi(book, Clock.systemUTC());
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Faults faults = Faults.builder().errorStatuses(500, 502, 503)
            .knobs(Knob.ERROR_RATE, Knob.ERROR_STATUS, Knob.SLOW_RATE, Knob.SLOW_MS, Knob.LATENCY_MS, Knob.SEED,
                    Knob.FAIL_NEXT_COUNT, Knob.FAIL_NEXT_STATUS, Knob.FAIL_AFTER_APPLYING_COUNT)
            .counted(Faults.ERROR, Faults.SLOW).build();
    private final ControlEndpoints controls = new ControlEndpoints(new ControlEndpoints.Answers() {
        @Override
        public SimResponse badRequest(String message) {
            return nok("invalidParam", message);
        }

        @Override
        public SimResponse notFound(SimRequest request) {
            return SimResponse.text(404, "Not Found");
        }
    }).faults(faults).add("_sessions", new ControlEndpoints.Knobs() {
        @Override
        public Map<String, Object> read() {
            return Map.of("sessionMillis", api.sessionMillis());
        }

        @Override
        public void apply(Map<String, Object> changes) {
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                switch (e.getKey()) {
                    case "expireNow" -> {
                        if (Knobs.bool(e)) {
                            api.expireSessions();
                        }
                    }
                    case "sessionMillis" -> api.sessionMillis(Knobs.positive("sessionMillis", Knobs.number(e).longValue()));
                    default -> throw new IllegalArgumentException("unknown knob " + e.getKey());
                }
            }
        }

        @Override
        public void reset() {
            api.sessionMillis(3_600_000);
        }
    });

    public TimeTonicSimulator() {
        api.registerAppKey(APP_KEY);
        api.registerUser(LOGIN, PASSWORD, O_U);
        book.addTable(LEADS_TABLE, "Leads", List.of(new String[] {"Name", "text"}, new String[] {"Email", "email"},
                new String[] {"Phone", "phone"}, new String[] {"Company", "text"}, new String[] {"Stage", "select"},
                new String[] {"Tags", "multiselect"}, new String[] {"Owner", "email"}, new String[] {"Next action", "date"},
                new String[] {"Modified", TimeTonicBook.MODIFIED_TYPE}));
        book.addTable(CONTACTS_TABLE, "Contacts", List.of(new String[] {"Name", "text"}, new String[] {"Email", "email"},
                new String[] {"Phone", "phone"}, new String[] {"Company", "text"}, new String[] {"Last contacted", "date"},
                new String[] {"Tasks", "mediumtext"}, new String[] {"Notes", "mediumtext"}, new String[] {"Total tasks", "number"},
                new String[] {"Open tasks", "number"}, new String[] {"Last sync", "date"}, new String[] {"Status", "select"},
                new String[] {"HighLevel id", "text"}));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> connectorSettings(String rootUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("timetonic.base-url", rootUrl);
        s.put("timetonic.appkey", APP_KEY);
        s.put("timetonic.login", LOGIN);
        s.put("timetonic.password", PASSWORD);
        s.put("timetonic.o-u", O_U);
        s.put("timetonic.u-c", O_U);
        s.put("timetonic.book-code", BOOK_CODE);
        s.put("timetonic.book-owner", O_U);
        s.put("timetonic.leads-table-id", String.valueOf(LEADS_TABLE));
        s.put("timetonic.contacts-table-id", String.valueOf(CONTACTS_TABLE));
        // no webhooks: the sandbox polls every few seconds, so a lead made in the simulator shows soon
        s.put("timetonic.poll-interval-seconds", "3");
        return s;
    }

    @Override
    public void seedDemoData() {
        addRow(LEADS_TABLE, Map.of("Name", "Nora Seedlead", "Email", "nora.seedlead@example.com", "Phone", "+1 555 0101",
                "Company", "Seed Ltd", "Stage", "Qualified", "Tags", "webinar,priority", "Owner", "owner@example.com",
                "Next action", "2030-01-15"));
        addRow(LEADS_TABLE, Map.of("Name", "Omar Prospect", "Email", "omar.prospect@example.com", "Stage", "New"));
    }

    @Override
    public SimResponse handle(SimRequest request) {
        if (ControlEndpoints.isControl(request)) {
            return controls.handle(request);
        }
        if (!request.path().equals("/api.php")) {
            return SimResponse.text(404, "Not Found");
        }
        Map<String, String> params = new LinkedHashMap<>();
        request.query().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        request.form().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        String req = params.get("req");
        calls.computeIfAbsent(String.valueOf(req), k -> new AtomicInteger()).incrementAndGet();
        faults.delay();
        Faults.Fault fault = faults.before();
        if (fault != null) {
            return SimResponse.text(fault.status(), "Service Unavailable");
        }
        long hold = faults.slowAnswerMs();
        SimResponse response;
        synchronized (book) {
            try {
                response = SimResponse.json(200, api.handle(req, params));
            } catch (TimeTonicApi.Nok e) {
                response = nok(e.code, e.getMessage());
            }
        }
        int lost = faults.takeFailAfterApplying();
        if (lost > 0) {
            return SimResponse.text(lost, "Internal Server Error");
        }
        Faults.sleep(hold);
        return response;
    }

    static SimResponse nok(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "nok");
        body.put("errorMsg", message);
        body.put("errorCode", code);
        return SimResponse.json(200, body);
    }

    // ------------------------------------------------------------------ Java API for tests (a user editing the book)

    /** Adds a row by field names (as a user in TimeTonic's UI); answers its id. */
    public long addRow(long tableId, Map<String, Object> byName) {
        synchronized (book) {
            TimeTonicBook.Table t = book.table(tableId);
            return book.write(t, null, byId(t, byName));
        }
    }

    public void updateRow(long tableId, long rowId, Map<String, Object> byName) {
        synchronized (book) {
            TimeTonicBook.Table t = book.table(tableId);
            book.write(t, rowId, byId(t, byName));
        }
    }

    public void deleteRow(long tableId, long rowId) {
        synchronized (book) {
            book.table(tableId).rows.remove(rowId);
        }
    }

    /** Rows of a table by field name, each with its {@code id}. */
    public List<Map<String, Object>> rows(long tableId) {
        synchronized (book) {
            TimeTonicBook.Table t = book.table(tableId);
            List<Map<String, Object>> out = new ArrayList<>();
            t.rows.forEach((id, values) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                t.fields.forEach(f -> {
                    if (values.containsKey(f.id())) {
                        row.put(f.name(), values.get(f.id()));
                    }
                });
                out.add(row);
            });
            return out;
        }
    }

    public Optional<Map<String, Object>> row(long tableId, long rowId) {
        return rows(tableId).stream().filter(r -> ((Number) r.get("id")).longValue() == rowId).findFirst();
    }

    /** The field id of a field name (what the API takes in fieldValues). */
    public long fieldId(long tableId, String name) {
        synchronized (book) {
            return book.table(tableId).field(name).id();
        }
    }

    /** How many calls of one {@code req} were answered (faults included). */
    public int calls(String req) {
        AtomicInteger n = calls.get(req);
        return n == null ? 0 : n.get();
    }

    public void resetCalls() {
        calls.clear();
    }

    public void expireSessions() {
        api.expireSessions();
    }

    public void revokeOauthKeys() {
        api.revokeOauthKeys();
    }

    public void failNext(int count, int status) {
        faults.failNext(count, status);
    }

    /** The next {@code count} requests run (a new row is made) but are answered {@code status}: the lost answer. */
    public void failNextAfterApplying(int count, int status) {
        faults.failNextAfterApplying(count, status);
    }

    public void clock(Clock clock) {
        api.clock(clock);
    }

    /** Deletes every row (tables and sessions stay). */
    public void reset() {
        synchronized (book) {
            book.clear();
        }
        faults.reset();
        calls.clear();
    }

    private static Map<Long, Object> byId(TimeTonicBook.Table t, Map<String, Object> byName) {
        Map<Long, Object> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> {
            TimeTonicBook.Field f = t.field(k);
            if (f == null) {
                throw new IllegalArgumentException("table " + t.name + " has no field " + k);
            }
            out.put(f.id(), v);
        });
        return out;
    }
}
