package io.contactsbridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator {@code wrk} driven with the intake bench's scripts (resources under
 * {@code /bench}): each wrk thread posts its own file of pre-signed events, from where the thread
 * stopped in an earlier run when one is given, so a series of runs sends each event once.
 */
final class Wrk {
    static final int THREADS = 2;
    /** A warm-up round: long enough for its rate to say something on a noisy machine. */
    static final int WARM_UP_ROUND_SECONDS = 10;
    /** Rounds in a row whose rates differ by at most this share count as steady. */
    static final double STEADY_SPREAD = 0.05;
    private static final Pattern RESULT = Pattern.compile("INTAKE requests=(\\d+) duration_us=(\\d+) ok=(\\d+) "
            + "stored=(\\d+) events=(\\d+) p50_us=(\\d+) p99_us=(\\d+) sent=([\\d,]+)");

    private Wrk() {
    }

    /** One wrk run: what it sent and what came back, and where each thread got to in its file. */
    record Load(long requests, double seconds, long ok, long stored, double p50Millis, double p99Millis, long[] reached) {
        double okPerSecond() {
            return ok / seconds;
        }

        double storedPerSecond() {
            return stored / seconds;
        }
    }

    /** Load in rounds until the rate is steady; what the rounds stored, and how long they took. */
    record WarmUp(int rounds, double seconds, long stored, double lastPerSecond, long[] reached) {
    }

    /** A run from the start of each thread's file. */
    static Load run(Path script, URI url, Path eventsDir, int seconds, int connections, long pauseMillis) throws Exception {
        return run(script, url, eventsDir, seconds, connections, pauseMillis, new long[THREADS]);
    }

    /**
     * Runs wrk for {@code seconds}, each thread starting at {@code from[thread]} in its file, and
     * reads the line the script prints at the end. Events stored: counted by the counting script;
     * otherwise every 2xx answer, up to the number of distinct events left in the files (past that,
     * wrk repeats events, which the bridge answers as duplicates).
     */
    static Load run(Path script, URI url, Path eventsDir, int seconds, int connections, long pauseMillis, long[] from)
            throws Exception {
        String starts = String.join(",", Arrays.stream(from).mapToObj(String::valueOf).toList());
        Process p = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString(), url.getScheme() + "://" + url.getAuthority(),
                "--", url.getPath(), eventsDir.toString(), String.valueOf(pauseMillis), starts)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not end");
        }
        Matcher m = RESULT.matcher(out);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("wrk failed (exit " + p.exitValue() + "): " + out.strip());
        }
        long[] sent = Arrays.stream(m.group(8).split(",")).mapToLong(Long::parseLong).toArray();
        long[] reached = new long[THREADS];
        long left = 0;
        for (int t = 0; t < THREADS; t++) {
            reached[t] = from[t] + sent[t];
            left += Math.max(0, Long.parseLong(m.group(5)) / THREADS - from[t]);
        }
        long ok = Long.parseLong(m.group(3));
        long stored = script.getFileName().toString().contains("counting") ? Long.parseLong(m.group(4)) : Math.min(ok, left);
        return new Load(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, ok, stored,
                Long.parseLong(m.group(6)) / 1e3, Long.parseLong(m.group(7)) / 1e3, reached);
    }

    /**
     * Warms a server up until it has reached its steady state: on two cores the JIT compiles the
     * bridge's intake path for a minute or more of load, running it at a third of its later rate
     * meanwhile, and a long-running deployment meets the steady state. Rounds of load, each on new
     * events, go on until two in a row differ by at most {@value #STEADY_SPREAD} of their rate, or
     * {@code maxRounds} have run.
     */
    static WarmUp warmUp(Path counting, URI url, Path eventsDir, int roundSeconds, int maxRounds, long[] from)
            throws Exception {
        long[] reached = from.clone();
        long stored = 0;
        double seconds = 0;
        double previous = -1;
        double rate = 0;
        int rounds = 0;
        while (rounds < maxRounds) {
            Load round = run(counting, url, eventsDir, roundSeconds, IntakeBench.CONNECTIONS, 0, reached);
            rounds++;
            stored += round.stored();
            seconds += round.seconds();
            reached = round.reached();
            rate = round.okPerSecond();
            if (previous > 0 && Math.abs(rate - previous) <= STEADY_SPREAD * previous) {
                break;
            }
            previous = rate;
        }
        return new WarmUp(rounds, seconds, stored, rate, reached);
    }

    /** The wrk script made of these parts (resources under /bench), written to {@code dir}. */
    static Path writeScript(Path dir, String... parts) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            try (InputStream in = Wrk.class.getResourceAsStream("/bench/" + part)) {
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return Files.writeString(dir.resolve(String.join("+", parts).replace(".lua", "") + ".lua"), text);
    }

    static void require() throws Exception {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("the intake section needs the load generator wrk on the PATH "
                    + "(Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)");
        }
    }
}
