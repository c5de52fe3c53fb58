package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.contactsbridge.api.ApiCall;
import io.contactsbridge.api.QuotaExhausted;
import io.contactsbridge.connector.http.ApiOperation;
import io.contactsbridge.testing.MovableClock;
import org.junit.jupiter.api.Test;

/** One hourly budget for every Toggl call: counted by who spends it, never sent past the plan, some kept for the poll. */
class TogglQuotaBudgetTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final TogglQuota quota = new TogglQuota(10, 1000, clock); // a plan of 10 org-scoped calls an hour

    static ApiOperation op(String id) {
        return TogglOperations.all().stream().filter(o -> o.operationId().equals(id)).findFirst().orElseThrow();
    }

    void call(String operation) throws InterruptedException {
        quota.acquire(op(operation), new ApiCall("toggl", "Toggl Track", operation));
    }

    @Test
    void flowsStopBeforeThePlanWaitForTheNextWindowAndThePollKeepsItsReserve() throws Exception {
        for (int i = 0; i < 3; i++) {
            call("update-task"); // a flow's write
        }
        for (int i = 0; i < 3; i++) {
            TogglQuota.spending(TogglQuota.LOOKUPS, () -> {
                try {
                    call("get-project");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
        // 6 of 10 spent: the last 4 of the hour are the poll's
        assertThatThrownBy(() -> call("update-task")).isInstanceOfSatisfying(QuotaExhausted.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.retryAfterMillis()).isEqualTo(Duration.ofHours(1).toMillis()); // the inbox tries again then
        });
        for (int i = 0; i < 4; i++) {
            TogglQuota.spending(TogglQuota.POLL, () -> {
                try {
                    call("search-time-entries");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        }
        assertThatThrownBy(() -> TogglQuota.spending(TogglQuota.POLL, () -> {
            try {
                call("search-time-entries");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        })).isInstanceOf(QuotaExhausted.class);
        assertThat(quota.spentThisHour()).containsExactlyInAnyOrderEntriesOf(
                Map.of(TogglQuota.FLOWS, 3, TogglQuota.LOOKUPS, 3, TogglQuota.POLL, 4));
        assertThat(quota.status()).containsKey("spentThisHour").containsKey("spentSinceStart");

        clock.advance(Duration.ofMinutes(61));
        call("update-task"); // the next window
        assertThat(quota.spentThisHour()).containsExactly(Map.entry(TogglQuota.FLOWS, 1));
    }

    @Test
    void userScopedCallsHaveTheirOwn30AnHour() throws Exception {
        for (int i = 0; i < 26; i++) {
            call("changed-clients");
        }
        assertThatThrownBy(() -> call("changed-clients")).isInstanceOf(QuotaExhausted.class);
        call("get-project"); // org-scoped: another budget
    }
}
