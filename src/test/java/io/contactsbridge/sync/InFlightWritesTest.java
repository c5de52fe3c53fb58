package io.contactsbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InFlightWritesTest {

    @Test
    void waitsForTheCreatesInFlightTowardTheSameSystemOnly() throws Exception {
        InFlightWrites inFlight = new InFlightWrites();
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
        InFlightWrites inFlight = new InFlightWrites();
        inFlight.begin("toggl");
        assertThatThrownBy(() -> inFlight.awaitCurrent("toggl", Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retried later");
    }

    @Test
    void aChangeOfARecordWaitsForOurWritesToThatRecordOnly() throws Exception {
        InFlightWrites inFlight = new InFlightWrites();
        inFlight.beginRecord("toggl", "100021");
        inFlight.beginRecord("toggl", "100021"); // two writes to it at once
        inFlight.awaitRecord("toggl", "100022", Duration.ofMillis(10)); // another record: no wait
        inFlight.awaitRecord("highlevel", "100021", Duration.ofMillis(10)); // another system: no wait

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                inFlight.awaitRecord("toggl", "100021", Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        inFlight.endRecord("toggl", "100021");
        Thread.sleep(100);
        assertThat(waiting).as("one write still in flight").isNotDone();
        inFlight.endRecord("toggl", "100021");
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aWriteToARecordThatNeverEndsIsATransientError() {
        InFlightWrites inFlight = new InFlightWrites();
        inFlight.beginRecord("toggl", "7");
        assertThatThrownBy(() -> inFlight.awaitRecord("toggl", "7", Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retried later");
    }
}
