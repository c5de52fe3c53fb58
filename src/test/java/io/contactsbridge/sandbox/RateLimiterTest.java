package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import io.contactsbridge.sandbox.RateLimiter.Window;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aFixedWindowOpensAtTheFirstRequestAndRefusesWithoutCounting() {
        RateLimiter limiter = new RateLimiter(now::get, Window.fixed("burst", () -> 3, () -> 2_000));
        for (int i = 0; i < 3; i++) {
            RateLimiter.Decision d = limiter.acquire("loc");
            assertThat(d.allowed()).isTrue();
            assertThat(d.usage("burst").remaining()).isEqualTo(2 - i);
            now.addAndGet(100);
        }
        RateLimiter.Decision refused = limiter.acquire("loc");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusedBy().window()).isEqualTo("burst");
        assertThat(refused.retryAfterSeconds()).isEqualTo(2); // 1,700 ms left, rounded up
        assertThat(refused.usage("burst").used()).isEqualTo(3);
        now.addAndGet(1_699);
        assertThat(limiter.acquire("loc").retryAfterSeconds()).isEqualTo(1);
        now.addAndGet(1);
        RateLimiter.Decision next = limiter.acquire("loc");
        assertThat(next.allowed()).isTrue();
        assertThat(next.usage("burst").remaining()).isEqualTo(2);
        // another key has its own windows
        assertThat(limiter.acquire("other").usage("burst").remaining()).isEqualTo(2);
    }

    @Test
    void everyWindowMustHaveRoomAndTheFirstFullOneRefuses() {
        RateLimiter limiter = new RateLimiter(now::get, Window.fixed("daily", () -> 2, () -> 86_400_000L),
                Window.fixed("burst", () -> 10, () -> 10_000));
        assertThat(limiter.acquire("loc").allowed()).isTrue();
        assertThat(limiter.acquire("loc").allowed()).isTrue();
        now.addAndGet(60_000);
        RateLimiter.Decision refused = limiter.acquire("loc");
        assertThat(refused.refusedBy().window()).isEqualTo("daily");
        assertThat(refused.retryAfterSeconds()).isEqualTo(24 * 3600 - 60);
        assertThat(refused.usage("burst").used()).isZero(); // the burst window had ended; the refusal opened none
        assertThat(limiter.peek("loc").usage("burst").resetsInMs()).isEqualTo(10_000);
    }

    @Test
    void aSlidingWindowFreesRoomAsTheOldestRequestLeaves() {
        boolean[] enabled = {true};
        RateLimiter limiter = new RateLimiter(now::get, Window.sliding("quota", () -> 2, () -> 3_600_000L, () -> enabled[0]));
        assertThat(limiter.peek("org").usage("quota").resetsInSeconds()).isEqualTo(3600);
        limiter.acquire("org");
        now.addAndGet(600_000);
        limiter.acquire("org");
        RateLimiter.Decision spent = limiter.acquire("org");
        assertThat(spent.allowed()).isFalse();
        assertThat(spent.refusedBy().remaining()).isZero();
        assertThat(spent.retryAfterSeconds()).isEqualTo(3000);
        now.addAndGet(3_000_000);
        RateLimiter.Decision again = limiter.acquire("org");
        assertThat(again.allowed()).isTrue();
        assertThat(again.usage("quota").remaining()).isZero();
        enabled[0] = false;
        RateLimiter.Decision off = limiter.acquire("org");
        assertThat(off.allowed()).isTrue();
        assertThat(off.usage("quota").remaining()).isEqualTo(2);
        limiter.reset();
        assertThat(limiter.peek("org").usage("quota").used()).isZero();
    }

    @Test
    void aLeakyBucketRefusesABurstAndLeaksAtItsRate() {
        LeakyBucket bucket = new LeakyBucket(now::get, () -> 1.0, () -> 2);
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isEqualTo(1);
        now.addAndGet(2_000);
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isZero();
        assertThat(bucket.acquire()).isPositive();
        bucket.reset();
        assertThat(bucket.acquire()).isZero();
    }
}
