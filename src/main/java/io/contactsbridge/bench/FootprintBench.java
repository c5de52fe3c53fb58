package io.contactsbridge.bench;

import java.util.List;

/**
 * Footprint of the bridge as a process: {@code java -Xmx512m -jar contacts-bridge.jar --sandbox}
 * from launch until {@code /observe/health/ready} answers 200 (the JVM's start, Flyway, the
 * flows, the simulators and their demo data included), then its resident memory once it has sat
 * idle a while. The RSS after the webhook intake run is the intake section's.
 */
final class FootprintBench implements BenchSection {
    static final double READY_SECONDS_MAX = 10;

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public List<Figure> run(BenchRun run) throws Exception {
        BenchRun.BridgeProcess bridge = run.bridgeProcess();
        // idle: the start-up's garbage collected, the demo data's webhooks and flows done
        Thread.sleep(run.quick ? 2_000 : 10_000);
        double idleRss = bridge.child().rssMiB();
        return List.of(
                Figure.atMost("ready_seconds", "footprint: launch of the jar (--sandbox) -> ready", bridge.readySeconds(),
                        "s", READY_SECONDS_MAX),
                Figure.info("idle_rss_mb", "footprint: resident memory when idle (heap cap " + BenchChild.HEAP + ")",
                        idleRss, "MiB"));
    }
}
