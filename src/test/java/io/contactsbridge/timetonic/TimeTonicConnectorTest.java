package io.contactsbridge.timetonic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.contactsbridge.api.Invalid;
import io.contactsbridge.api.NotFound;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.connector.auth.TokenStore;
import io.contactsbridge.connector.http.Operations;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.SimRequest;
import io.contactsbridge.sandbox.SimResponse;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.timetonic.TimeTonicSimulator;
import io.contactsbridge.testing.TestBridge;
import io.contactsbridge.testing.VendorFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The client against the simulator in a real bridge: form bodies, the session chain, nok answers, paging and batches, the poll. */
class TimeTonicConnectorTest {
    static final String LEADS = String.valueOf(TimeTonicSimulator.LEADS_TABLE);
    static final String CONTACTS = String.valueOf(TimeTonicSimulator.CONTACTS_TABLE);
    static RecordingSimulator sim;
    static Bridge bridge;
    static Operations api;
    static TimeTonicTables tables;

    /** Keeps every request's fields and content type. */
    static final class RecordingSimulator extends TimeTonicSimulator {
        final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

        @Override
        public SimResponse handle(SimRequest request) {
            if (request.path().equals("/api.php")) {
                Map<String, String> fields = new LinkedHashMap<>();
                request.form().forEach((k, v) -> fields.put(k, v.get(0)));
                fields.put("_method", request.method());
                fields.put("_contentType", request.header("Content-Type").orElse(""));
                requests.add(fields);
            }
            return super.handle(request);
        }
    }

    @BeforeAll
    static void start() {
        sim = new RecordingSimulator();
        // Toggl too: some Toggl flows of main need its beans to start (see the report of issue 15)
        bridge = TestBridge.sandbox().simulators(List.of(new HighLevelSimulator(), sim, new io.contactsbridge.sandbox.toggl.TogglSimulator()))
                .with("toggl.subscribe-on-start", "false")
                .with("timetonic.poll-on-start", "false").with("timetonic.poll-interval-seconds", "0")
                .with("bridge.poll.enabled", "false").with("timetonic.page-size", "10").start();
        api = TimeTonicApiRoutes.client(bridge.context()).operations();
        tables = TimeTonicFlowSupport.tables(bridge.context());
        sim.reset();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCallIsAFormPostWithTheFieldsTheVendorStubRequires() {
        api.call("getAllBooks", Map.of(), null);
        api.call("getBookTables", Map.of("includeFields", "true"), null);
        api.call("getTableValues", Map.of("catId", LEADS, "maxRows", 5), null);
        Map<String, Object> stub = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(VendorFiles.text("timetonic/timetonic-api.openapi.yaml"));
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) stub.get("paths")).get("/api.php"))
                        .get("post")).get("requestBody")).get("content")).get("application/x-www-form-urlencoded")).get("schema");
        List<String> required = (List<String>) schema.get("required");
        List<String> session = List.of("createAppkey", "createOauthkey", "createSesskey");
        assertThat(sim.requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("_method")).isEqualTo("POST");
            assertThat(r.get("_contentType")).startsWith("application/x-www-form-urlencoded");
            if (!session.contains(r.get("req"))) {
                assertThat(r.keySet()).containsAll(required);
                assertThat(r).containsEntry("o_u", "sandbox").containsEntry("u_c", "sandbox");
            }
        });
        assertThat(sim.requests).extracting(r -> r.get("req")).contains("getAllBooks", "getBookTables", "getTableValues");
    }

    @Test
    void theConnectionCheckOpensASessionAndReadsTheBook() {
        io.contactsbridge.connector.CheckResult result = new TimeTonicConnector().check(bridge.context());
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("SANDBOX-BOOK").contains("2 tables");
    }

    @Test
    void aFieldMapWithoutTheNeededSectionsOrFieldsIsAClearError() {
        assertThatThrownBy(() -> TimeTonicFieldMap.parse("leads: {}\n", "f.yml"))
                .isInstanceOf(io.contactsbridge.config.ConfigException.class).hasMessageContaining("'contacts'");
        assertThatThrownBy(() -> TimeTonicFieldMap.parse("leads: {}\ncontacts: {fields: {name: Name}}\n", "f.yml"))
                .isInstanceOf(io.contactsbridge.config.ConfigException.class).hasMessageContaining("'email'");
        assertThatThrownBy(() -> TimeTonicFieldMap.parse("leads: [\n", "f.yml"))
                .isInstanceOf(io.contactsbridge.config.ConfigException.class).hasMessageContaining("not valid YAML");
        assertThat(TimeTonicFieldMap.load("routes/timetonic-field-map.yml").leadsModifiedField()).isEqualTo("Modified");
    }

    @Test
    void formValuesReachTheSimulatorIntact() {
        String tricky = "Ann & Bob = \"partners\" + 100% caf\u00e9 \u2713 ?x=1";
        Object answer = tables.saveRow(CONTACTS, null, Map.of("Name", tricky, "Email", "intact@example.com"));
        long id = Long.parseLong(TimeTonicTables.rowIdOf(answer));
        assertThat(sim.row(TimeTonicSimulator.CONTACTS_TABLE, id).orElseThrow()).containsEntry("Name", tricky);
        assertThat(tables.read(CONTACTS).rows()).anySatisfy(r -> assertThat(r.values()).containsEntry("Name", tricky));
    }

    @Test
    void anInvalidSessionIsRenewedOnceAndTheNewKeyIsStored() {
        api.call("getAllBooks", Map.of(), null);
        TokenStore store = new TokenStore(bridge.database().dataSource(), io.contactsbridge.connector.auth.TokenCipher.find(bridge.context()));
        String before = store.find(TimeTonicSession.PROVIDER, "sandbox").orElseThrow().accessToken();
        int sessions = sim.calls("createSesskey");
        sim.expireSessions();
        assertThat(api.callForMap("getAllBooks", Map.of(), null)).containsEntry("status", "ok");
        assertThat(sim.calls("createSesskey")).isEqualTo(sessions + 1);
        assertThat(store.find(TimeTonicSession.PROVIDER, "sandbox").orElseThrow().accessToken()).isNotEqualTo(before);
        // an oauth key TimeTonic no longer knows: logged in again with login and password
        int logins = sim.calls("createOauthkey");
        sim.revokeOauthKeys();
        sim.expireSessions();
        assertThat(api.callForMap("getAllBooks", Map.of(), null)).containsEntry("status", "ok");
        assertThat(sim.calls("createOauthkey")).isEqualTo(logins + 1);
    }

    @Test
    void aNewRowWhoseAnswerWasLostIsLookedUpNotMadeTwice() {
        sim.failNextAfterApplying(1, 500);
        Object answer = tables.saveRow(CONTACTS, null, Map.of("Name", "Lost Answer", "Email", "lost.answer@example.com"));
        assertThat(TimeTonicTables.rowIdOf(answer)).isNotNull();
        assertThat(sim.rows(TimeTonicSimulator.CONTACTS_TABLE)).filteredOn(r -> "lost.answer@example.com".equals(r.get("Email")))
                .singleElement().satisfies(r -> assertThat(String.valueOf(r.get("id"))).isEqualTo(TimeTonicTables.rowIdOf(answer)));
    }

    @Test
    void withoutAnAppKeyOneIsMadeOnceAndKeptInTheStore() {
        TimeTonicSettings configured = TimeTonicSettings.from(io.contactsbridge.config.Settings.of(bridge.context()));
        TimeTonicSettings noAppKey = new TimeTonicSettings(configured.baseUrl(), null, configured.login(), configured.password(),
                null, "bridge-test", configured.ou(), configured.uc(), configured.bookCode(), configured.bookOwner(),
                configured.leadsTable(), configured.contactsTable(), configured.apiVersion(), configured.fieldMapFile(), false, 0,
                15, configured.http());
        Operations chain = new Operations(bridge.context(), TimeTonicApiRoutes.SESSION_CONNECTOR, "TimeTonic",
                TimeTonicOperations.SESSION_NAMESPACE);
        TokenStore store = new TokenStore(bridge.database().dataSource(), io.contactsbridge.connector.auth.TokenCipher.find(bridge.context()));
        int appKeys = sim.calls("createAppkey");
        sim.revokeOauthKeys(); // the stored oauth key no longer works: log in, with an app key made now
        TimeTonicSession first = new TimeTonicSession(store, chain, noAppKey);
        assertThat(first.renewAfterRejection(first.credential())).isTrue();
        assertThat(sim.calls("createAppkey")).isEqualTo(appKeys + 1);
        assertThat(store.find(TimeTonicSession.APPKEY_PROVIDER, "sandbox")).isPresent();
        // after a restart the stored app key is used
        sim.revokeOauthKeys();
        TimeTonicSession second = new TimeTonicSession(store, chain, noAppKey);
        assertThat(second.renewAfterRejection(second.credential())).isTrue();
        assertThat(sim.calls("createAppkey")).isEqualTo(appKeys + 1);
        assertThat(api.callForMap("getAllBooks", Map.of(), null)).containsEntry("status", "ok");
    }

    @Test
    void nokAnswersWithHttp200AreTypedErrors() {
        assertThatThrownBy(() -> api.call("createOrUpdateTableRow",
                Map.of("catId", CONTACTS, "rowId", "tmp1", "fieldValues", Map.of("999999", "x")), null))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("Invalid field id").contains("invalidFieldId");
                });
        assertThatThrownBy(() -> api.call("createOrUpdateTableRow",
                Map.of("catId", CONTACTS, "rowId", "99999999", "fieldValues", Map.of()), null))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> api.call("getTableValues", Map.of("catId", "424242"), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("No table 424242");
        assertThatThrownBy(() -> api.call("getTableValues", Map.of(), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("catId");
        assertThatThrownBy(() -> tables.saveRow(CONTACTS, null, Map.of("No such field", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No such field");
    }

    @Test
    void rowsAreWrittenInBatchesOfTenAndReadPageByPage() {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (int i = 0; i < 23; i++) {
            rows.put(TimeTonicTables.newRowId(), Map.of("Name", "Batch " + i, "Email", "batch" + i + "@example.com"));
        }
        int batches = sim.calls("createOrUpdateTableRows");
        List<String> ids = tables.saveRows(CONTACTS, rows);
        assertThat(ids).hasSize(23).doesNotHaveDuplicates();
        assertThat(sim.calls("createOrUpdateTableRows")).isEqualTo(batches + 3);

        int pages = sim.calls("getTableValues");
        TimeTonicTables.Table table = tables.read(CONTACTS);
        assertThat(sim.calls("getTableValues") - pages).isGreaterThanOrEqualTo(3);
        // column-major answers matched back into rows by id
        for (int i = 0; i < 23; i++) {
            String id = ids.get(i);
            int n = i;
            assertThat(table.rows()).filteredOn(r -> r.id().equals(id)).singleElement()
                    .satisfies(r -> assertThat(r.values()).containsEntry("Name", "Batch " + n)
                            .containsEntry("Email", "batch" + n + "@example.com"));
        }
        // TimeTonic takes at most ten rows per call
        Map<String, Object> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("tmp" + i, Map.of());
        }
        assertThatThrownBy(() -> api.call("createOrUpdateTableRows", Map.of("catId", CONTACTS, "rows", eleven), null))
                .isInstanceOf(Invalid.class).hasMessageContaining("At most 10");

        int deletes = sim.calls("deleteTableRows");
        tables.deleteRows(CONTACTS, ids);
        assertThat(sim.calls("deleteTableRows")).isEqualTo(deletes + 3);
        assertThat(tables.read(CONTACTS).rows()).noneMatch(r -> ids.contains(r.id()));
    }

    @Test
    void thePollHandsOnOnlyChangedRowsByHashWithoutAModifiedField() {
        TimeTonicSettings settings = TimeTonicSettings.from(io.contactsbridge.config.Settings.of(bridge.context()));
        TimeTonicFieldMap noModified = TimeTonicFieldMap.parse("""
                leads:
                  fields: {Name: name, Email: email}
                contacts:
                  fields: {name: Name, email: Email, contactId: HighLevel id, status: Status}
                """, "test");
        TimeTonicRowState state = new TimeTonicRowState(bridge.database().dataSource(), CONTACTS);
        TimeTonicPoller poller = new TimeTonicPoller(tables, state, settings, noModified, Clock.systemUTC());
        long a = sim.addRow(TimeTonicSimulator.LEADS_TABLE, Map.of("Name", "Hash One", "Email", "hash1@example.com"));
        sim.addRow(TimeTonicSimulator.LEADS_TABLE, Map.of("Name", "Hash Two", "Email", "hash2@example.com"));

        SourcePollerResult first = new SourcePollerResult(poller.poll(null));
        assertThat(first.leads()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(first.cycles()).isEqualTo(1);
        first.leads().forEach(c -> state.processed(LEADS, c.sourceId(), c.fields().get(TimeTonicMappings.ROW_HASH)));

        SourcePollerResult second = new SourcePollerResult(poller.poll(first.watermark));
        assertThat(second.leads()).isEmpty();
        assertThat(second.cycles()).as("the summary runs once per cycle, not per poll").isZero();

        sim.updateRow(TimeTonicSimulator.LEADS_TABLE, a, Map.of("Email", "hash1.new@example.com"));
        SourcePollerResult third = new SourcePollerResult(poller.poll(second.watermark));
        assertThat(third.leads()).singleElement().satisfies(c -> {
            assertThat(c.sourceId()).isEqualTo(String.valueOf(a));
            assertThat(c.action()).isEqualTo(CanonicalChange.Action.UPDATED);
            assertThat(c.fields()).containsEntry("Email", "hash1.new@example.com");
        });
        // the same change read again has the same event id: the inbox stores it once
        assertThat(new SourcePollerResult(poller.poll(third.watermark)).leads()).singleElement()
                .satisfies(c -> assertThat(c.eventId()).isEqualTo(third.leads().get(0).eventId()));

        sim.deleteRow(TimeTonicSimulator.LEADS_TABLE, a);
        assertThat(new SourcePollerResult(poller.poll(third.watermark)).leads())
                .anySatisfy(c -> assertThat(c.action()).isEqualTo(CanonicalChange.Action.DELETED));
    }

    @Test
    void withAModifiedFieldRowsOlderThanTheWatermarkAreNotRead() {
        TimeTonicSettings settings = TimeTonicSettings.from(io.contactsbridge.config.Settings.of(bridge.context()));
        TimeTonicRowState state = new TimeTonicRowState(bridge.database().dataSource(), CONTACTS);
        TimeTonicPoller poller = new TimeTonicPoller(tables, state, settings, TimeTonicFieldMap.defaults(), Clock.systemUTC());
        sim.addRow(TimeTonicSimulator.LEADS_TABLE, Map.of("Name", "Modified One", "Email", "mod1@example.com"));
        SourcePollerResult first = new SourcePollerResult(poller.poll(null));
        assertThat(first.watermark).startsWith("leads=");
        long later = Long.parseLong(first.watermark.split(";")[0].substring("leads=".length())) + 10 * 60_000;
        String ahead = "leads=" + later;
        assertThat(new SourcePollerResult(poller.poll(ahead)).leads()).isEmpty();
    }

    /** A poll's lead changes, cycle changes and next watermark. */
    record SourcePollerResult(List<CanonicalChange> leads, int cycles, String watermark) {
        SourcePollerResult(io.contactsbridge.connector.SourcePoller.Result r) {
            this(new ArrayList<>(r.changes().stream().filter(c -> c.entity().equals(TimeTonicEntities.LEAD)).toList()),
                    (int) r.changes().stream().filter(c -> c.entity().equals(TimeTonicEntities.CYCLE)).count(), r.nextWatermark());
        }
    }
}
