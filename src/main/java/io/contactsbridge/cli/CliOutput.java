package io.contactsbridge.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/** Commands that print results on stdout send the log to stderr, so scripts can read stdout. */
final class CliOutput {
    private CliOutput() {
    }

    static void logToStderr(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext lc)) {
            return;
        }
        Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        lc.getLogger("org.apache.camel.processor.errorhandler").setLevel(null);
        if (!verbose) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
            lc.getLogger("org.apache.camel").setLevel(ch.qos.logback.classic.Level.WARN);
            lc.getLogger("org.apache.camel.impl.engine.AbstractCamelContext").setLevel(ch.qos.logback.classic.Level.WARN);
            // each retry and the exhausted delivery (with message history): the command reports the outcome in one line
            lc.getLogger("org.apache.camel.processor.errorhandler").setLevel(ch.qos.logback.classic.Level.OFF);
        }
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<?> a = it.next();
            if (a instanceof ConsoleAppender<?> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }
}
