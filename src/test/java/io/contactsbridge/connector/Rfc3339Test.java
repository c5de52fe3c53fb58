package io.contactsbridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The short way gives the JDK's answer for every text, right or wrong. */
class Rfc3339Test {

    @Test
    void readsWhatTheJdkReadsForManyDateTimes() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-72, 73)) * 15 * 60);
            String text = OffsetDateTime.ofInstant(at, offset).toString(); // drops zero fractions and seconds: both shapes
            assertThat(Rfc3339.instant(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void everyShapeAndValueGivesTheJdksAnswerOrError() {
        List<String> texts = List.of("2026-12-07T23:05:03Z", "2026-12-07T23:05:03.1Z", "2026-12-07T23:05:03.123456789Z",
                "2026-12-07T23:05:03.000Z", "2026-12-07T18:05:03-05:00", "2026-12-07T23:05:03+00:00", "2026-12-07T23:05:03-00:00",
                "2026-12-07T23:05:03+18:00", "2026-12-07T23:05:03-18:00", "2026-12-07t23:05:03z", "2026-12-07T23:05Z",
                "2024-02-29T12:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                // wrong, each in its own way: the JDK's error, not ours
                "2026-12-07T23:05:03", "2026-12-07 23:05:03Z", "2026-13-07T23:05:03Z", "2025-02-29T12:00:00Z",
                "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z", "2026-12-07T23:05:60Z", "2026-12-07T23:05:03.Z",
                "2026-12-07T23:05:03.1234567890Z", "2026-12-07T23:05:03+18:01", "2026-12-07T23:05:03+05:99",
                "2026-12-07T23:05:03+0500", "2026-12-07T23:05:03+05", "2026-12-07T23:05:03ZZ", "2026-12-07T23:05:03.12a4Z",
                "+2026-12-07T23:05:03Z", "2026-1-07T23:05:03Z", "２０２６-12-07T23:05:03Z", "2026-12-07T23:05:03.١Z", "", "Z");
        for (String text : texts) {
            Object jdk;
            try {
                jdk = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Rfc3339.instant(text)).as(text).isInstanceOf(DateTimeParseException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(Rfc3339.instant(text)).as(text).isEqualTo(jdk);
        }
    }
}
