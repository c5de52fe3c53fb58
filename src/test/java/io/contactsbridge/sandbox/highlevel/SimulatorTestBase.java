package io.contactsbridge.sandbox.highlevel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts one bridge in SIMULATE mode per test class; every test starts from an empty simulator. */
abstract class SimulatorTestBase {
    static Bridge bridge;
    static HighLevelSimulator sim;
    static String root;
    SimClient api;

    @BeforeAll
    static void startBridge() {
        bridge = TestBridge.of(Bridge.Mode.SIMULATE).start();
        sim = bridge.simulators().get(HighLevelSimulator.NAME, HighLevelSimulator.class);
        root = TestBridge.httpUrl(bridge) + "/sandbox/highlevel";
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @BeforeEach
    void freshSimulator() {
        sim.reset();
        sim.setWebhookUrl(null);
        sim.setAllowDuplicateContacts(false);
        api = new SimClient(root);
        api.delete("/_log");
    }

    static Map<String, Object> contactBody(String first, String last, String email, String phone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("locationId", HighLevelSimulator.LOCATION_ID);
        m.put("firstName", first);
        m.put("lastName", last);
        if (email != null) {
            m.put("email", email);
        }
        if (phone != null) {
            m.put("phone", phone);
        }
        return m;
    }

    String createContact(String first, String last, String email, String phone) {
        SimClient.Res r = api.post("/contacts/", contactBody(first, last, email, phone));
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.status() + " " + r.text());
        }
        return (String) r.map("contact").get("id");
    }

    static List<Object> ids(List<Map<String, Object>> contacts) {
        return contacts.stream().map(c -> c.get("id")).toList();
    }
}
