package io.contactsbridge.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pacer on a fake clock: exact, no sleeping, no timing flakes. */
class QuotaPacerTest {

    /** A clock that only moves when someone sleeps. */
    static final class FakeClock implements QuotaPacer.Clock {
        long now = 1_000_000;

        @Override
        public synchronized long millis() {
            return now;
        }

        @Override
        public synchronized void sleep(long millis) {
            now += millis;
        }
    }

    private static List<Long> sendTimes(QuotaPacer pacer, FakeClock clock, String location, int n) throws InterruptedException {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            QuotaPacer.Ticket t = pacer.acquire(location);
            times.add(clock.millis());
            pacer.complete(t); // answered at once
        }
        return times;
    }

    /** The most sends inside any window [t, t + length). */
    private static int busiestWindow(List<Long> times, long length) {
        int best = 0;
        for (int i = 0; i < times.size(); i++) {
            int count = 0;
            for (long t : times) {
                if (t >= times.get(i) && t < times.get(i) + length) {
                    count++;
                }
            }
            best = Math.max(best, count);
        }
        return best;
    }

    @Test
    void burstsUpToTheLimitThenWaitsForTheWindow() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(20, 2000, clock);
        List<Long> times = sendTimes(pacer, clock, "loc", 20);
        assertThat(times).allMatch(t -> t == 1_000_000L); // a full burst at once
        pacer.complete(pacer.acquire("loc"));
        long margin = QuotaPacer.marginMillis(2000);
        assertThat(clock.millis()).isEqualTo(1_000_000L + 2000 + margin);
    }

    @Test
    void neverMoreThanMaxInAnyWindowAndCloseToTheAllowedRate() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(100, 10_000, clock);
        List<Long> times = sendTimes(pacer, clock, "loc", 1000);
        assertThat(busiestWindow(times, 10_000)).isLessThanOrEqualTo(100);
        // 1000 requests at 100 per 10 s need at least 90 s; the pacer needs at most 2 % more
        double elapsed = times.get(times.size() - 1) - times.get(0);
        double allowed = 90_000;
        assertThat(allowed / elapsed).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void headersChangeTheLimit() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(100, 10_000, clock);
        sendTimes(pacer, clock, "loc", 5);
        pacer.observe("loc", 5, 1000L, 0, 150);
        assertThat(pacer.max("loc")).isEqualTo(5);
        assertThat(pacer.intervalMillis("loc")).isEqualTo(1000);
        assertThat(pacer.remaining("loc")).hasValue(0);
        assertThat(pacer.dailyRemaining("loc")).hasValue(150);
        long before = clock.millis();
        pacer.complete(pacer.acquire("loc"));
        assertThat(clock.millis() - before).isEqualTo(1000 + QuotaPacer.marginMillis(1000));
    }

    @Test
    void a429BlocksTheLocationUntilRetryAfter() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(100, 10_000, clock);
        pacer.complete(pacer.acquire("loc"));
        pacer.blockFor("loc", 3000);
        long before = clock.millis();
        assertThat(pacer.acquire("loc").waitedMillis()).isEqualTo(3000);
        assertThat(clock.millis() - before).isEqualTo(3000);
        // another location is not affected
        assertThat(pacer.acquire("other").waitedMillis()).isZero();
    }

    @Test
    void shrinkingKeepsTheNewestSends() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(10, 1000, clock);
        for (int i = 0; i < 4; i++) {
            pacer.complete(pacer.acquire("loc"));
            clock.sleep(100);
        }
        // sends at 0,100,200,300 (relative); now 400. Limit becomes 2: the newest two (200, 300) count
        pacer.observe("loc", 2, 1000L, null, null);
        long start = 1_000_000;
        pacer.complete(pacer.acquire("loc"));
        assertThat(clock.millis()).isEqualTo(start + 200 + 1000 + QuotaPacer.marginMillis(1000));
    }

    @Test
    void concurrentAcquiresNeverPlanMoreThanTheLimit() throws Exception {
        // a clock that stands still: each acquire returns the wait it planned, so now + wait is its slot
        QuotaPacer.Clock still = new QuotaPacer.Clock() {
            @Override
            public long millis() {
                return 5_000;
            }

            @Override
            public void sleep(long millis) {
            }
        };
        QuotaPacer pacer = new QuotaPacer(10, 300, still);
        List<Long> slots = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        QuotaPacer.Ticket ticket = pacer.acquire("loc");
                        slots.add(5_000 + ticket.waitedMillis());
                        pacer.complete(ticket);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>(slots);
        sorted.sort(Long::compare);
        assertThat(sorted).hasSize(30);
        assertThat(busiestWindow(sorted, 300)).isEqualTo(10);
        assertThat(sorted.get(29)).isEqualTo(5_000 + 2 * (300 + QuotaPacer.marginMillis(300)));
    }

    @Test
    void theAnswerTimeCountsNotTheSendTime() throws Exception {
        FakeClock clock = new FakeClock();
        QuotaPacer pacer = new QuotaPacer(2, 1000, clock);
        QuotaPacer.Ticket first = pacer.acquire("loc");
        pacer.complete(pacer.acquire("loc"));
        clock.sleep(300); // the first request's answer takes 300 ms (slow network, slow server)
        pacer.complete(first);
        QuotaPacer.Ticket third = pacer.acquire("loc");
        // the first answer came at +300: the third may go one interval (and the margin) after that
        assertThat(clock.millis()).isEqualTo(1_000_000L + 1000 + QuotaPacer.marginMillis(1000));
        pacer.complete(third);
        pacer.acquire("loc");
        assertThat(clock.millis()).isEqualTo(1_000_000L + 300 + 1000 + QuotaPacer.marginMillis(1000));
    }

    @Test
    void aRequestInFlightHoldsItsPlaceUntilAnswered() throws Exception {
        QuotaPacer pacer = new QuotaPacer(1, 50);
        QuotaPacer.Ticket inFlight = pacer.acquire("loc");
        Thread answer = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            pacer.complete(inFlight);
        });
        long start = System.currentTimeMillis();
        answer.start();
        pacer.complete(pacer.acquire("loc"));
        // could not go before the first answer (300 ms) plus the interval (50 ms)
        assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(340);
        answer.join();
    }
}
