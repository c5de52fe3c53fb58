package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InFlightCreatesTest {

    @Test
    void waitsForTheCreatesInFlightTowardTheSameSystemOnly() throws Exception {
        InFlightCreates inFlight = new InFlightCreates();
        long toggl = inFlight.begin("toggl");
        long highlevel = inFlight.begin("highlevel");
        inFlight.awaitCurrent("other", Duration.ofMillis(10)); // nothing toward it: no wait

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                inFlight.awaitCurrent("toggl", Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        long later = inFlight.begin("toggl"); // started after the change arrived: not waited for
        inFlight.end("toggl", toggl);
        waiting.get(5, TimeUnit.SECONDS);
        inFlight.end("toggl", later);
        inFlight.end("highlevel", highlevel);
    }

    @Test
    void aCreateThatNeverEndsIsATransientError() {
        InFlightCreates inFlight = new InFlightCreates();
        inFlight.begin("toggl");
        assertThatThrownBy(() -> inFlight.awaitCurrent("toggl", Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retried later");
    }
}
