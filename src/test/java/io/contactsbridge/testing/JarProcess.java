package io.contactsbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as its own process, as a user runs it (for *IT tests, which run after
 * {@code package}). Output goes to a log file the test can read.
 */
public final class JarProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("contacts.bridge.jar", "target/contacts-bridge.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar + ": run mvn verify (or package) first");
        }
        return jar.toAbsolutePath();
    }

    /** Starts {@code java -jar contacts-bridge.jar args...} in {@code workDir} with extra environment. */
    public static JarProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        // kept under target/robustness/logs: the secrets check reads every log the suite produced
        Path log = Files.createTempFile(Robustness.logsDir(), "jar-process-", ".log");
        Robustness.recordSecrets(env.entrySet().stream()
                .filter(e -> Robustness.looksSecret(e.getKey())).map(Map.Entry::getValue).toList());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), log);
    }

    /** Runs to completion (for subcommands that end by themselves). */
    public static Result run(Path workDir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        try (JarProcess p = start(workDir, env, args)) {
            if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process did not end within " + timeout + ": " + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    public record Result(int exitCode, String output) {
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Sends SIGTERM (what Ctrl-C, systemd and Kubernetes send) and waits for the exit code. */
    public int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown of any kind (crash tests). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
