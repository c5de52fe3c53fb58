package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sandbox.toggl.TogglSimulator;
import io.contactsbridge.testing.TestBridge;
import org.junit.jupiter.api.Test;

/**
 * A client and its project, task and time entry read by one poll run in parallel; the children
 * used to be skipped (and lost, the watermark having moved on) when they ran before the client's
 * contact existed. They are tried again instead, and all arrive.
 */
@SuppressWarnings("unchecked")
class TogglParentOrderTest {

    @Test
    void childrenPolledTogetherWithTheirClientAllArrive() throws Exception {
        HighLevelSimulator highlevel = new HighLevelSimulator();
        TogglSimulator toggl = new TogglSimulator();
        try (Bridge bridge = TestBridge.sandbox().simulators(List.of(highlevel, toggl))
                .with("bridge.poll.enabled", "false").with("toggl.subscribe-on-start", "false")
                .with("bridge.inbox.retry-base-ms", "200").start()) {
            toggl.reset(); // only the chains below: small polls, where parent and children run side by side
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < round; i++) {
                    String name = "Order " + round + "-" + i;
                    long client = id(toggl.createClient(name + " Ltd", null));
                    long project = id(toggl.createProject(name + " Project", client));
                    long task = id(toggl.createTask(project, name + " task"));
                    // started recently: the poll reads every user's entries of the last days (toggl.time-entries.lookback-days)
                    toggl.createTimeEntry(project, task, name + " work", Instant.now().minusSeconds(7200), 1800);
                }
                bridge.context().createProducerTemplate().sendBody("direct:sync.poll-cycle", null);
                int chains = round;
                String prefix = "Order " + round + "-";
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                    for (int i = 0; i < chains; i++) {
                        String name = prefix + i;
                        Map<String, Object> c = highlevel.contacts().stream()
                                .filter(x -> (name + " Ltd").equals(x.get("companyName"))).findFirst().orElseThrow();
                        String contactId = (String) c.get("id");
                        assertThat((List<Object>) c.get("tags")).contains(("project:" + name + " Project").toLowerCase());
                        assertThat(highlevel.tasks(contactId)).anySatisfy(t -> assertThat(t.get("title")).isEqualTo(name + " task"));
                        assertThat(highlevel.notes(contactId))
                                .anySatisfy(x -> assertThat((String) x.get("body")).contains(name + " work"));
                    }
                });
                Thread.sleep(1100); // the next round's records are newer than this poll's watermark (whole seconds)
            }
        }
    }

    static long id(Map<String, Object> m) {
        return ((Number) m.get("id")).longValue();
    }
}
