package io.contactsbridge.bench;

import java.util.List;

/**
 * One part of the bench (rate budget, write economy, ...). A section measures, and returns its
 * figures; the command prints them and checks the targets. Sections that need the bridge's
 * internals use {@link BenchRun#sandbox()}; those that measure a real process start the jar.
 */
interface BenchSection {

    /** A short name, used in messages and {@code --only}. */
    String name();

    List<Figure> run(BenchRun run) throws Exception;
}
