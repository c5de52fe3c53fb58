package io.contactsbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The packaged jar run as a separate JVM, as a user runs it, for the sections that measure a real
 * process (start-up, RSS, HTTP intake). Every child gets the same heap cap, so the bridge and its
 * baseline are measured on equal terms; its output goes to a log file in the bench's directory.
 */
final class BenchChild implements AutoCloseable {
    /** The heap cap of every child: what the README's Kubernetes example gives the bridge. */
    static final String HEAP = "-Xmx512m";

    private final Process process;
    private final Path log;
    private final long launchedAtNanos;

    private BenchChild(Process process, Path log, long launchedAtNanos) {
        this.process = process;
        this.log = log;
        this.launchedAtNanos = launchedAtNanos;
    }

    /** Starts {@code java -Xmx512m -jar <jar> args...} in {@code workDir}, with extra environment. */
    static BenchChild start(Path workDir, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long launched = System.nanoTime();
        return new BenchChild(pb.start(), log, launched);
    }

    /**
     * The jar this bench runs from; when it runs from classes (tests, an IDE), the packaged
     * {@code target/contacts-bridge.jar} of the working directory.
     */
    static Path jar() {
        try {
            Path self = Path.of(BenchChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (Exception e) {
            // fall through to the packaged jar
        }
        Path packaged = Path.of(System.getProperty("contacts.bridge.jar", "target/contacts-bridge.jar"));
        if (!Files.isRegularFile(packaged)) {
            throw new IllegalStateException("this section runs the packaged jar as a process and there is none at "
                    + packaged.toAbsolutePath() + ": run mvn -B -DskipTests package first");
        }
        return packaged.toAbsolutePath();
    }

    /**
     * Waits until {@code url} answers 200 and gives the seconds since launch. A child that ends
     * first, or takes longer than {@code timeout}, fails with the tail of its log.
     */
    double awaitOk(URI url, String method, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the child process ended with exit code " + process.exitValue()
                        + " before it was ready: " + tail());
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json").build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - launchedAtNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the child process was not ready " + timeout.toSeconds() + " s after launch: "
                        + tail());
            }
            Thread.sleep(20);
        }
    }

    /** Resident set size in MiB, as {@code ps} reports it (Linux and macOS). */
    double rssMiB() throws Exception {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!ps.waitFor(10, TimeUnit.SECONDS) || ps.exitValue() != 0 || !out.matches("[0-9]+")) {
            throw new IllegalStateException("could not read the RSS of process " + process.pid() + ": " + out);
        }
        return Long.parseLong(out) / 1024.0;
    }

    /** SIGTERM, as a user's Ctrl-C or Kubernetes stops it; forcibly after {@code timeout}. Gives the exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the child process did not stop within " + timeout.toSeconds()
                    + " s of SIGTERM: " + tail());
        }
        return process.exitValue();
    }

    /** The last lines of the child's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))
                    + "\n(log: " + log + ")";
        } catch (IOException e) {
            return "(log: " + log + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
