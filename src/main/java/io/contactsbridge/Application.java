package io.contactsbridge;

import java.util.Map;
import java.util.concurrent.Callable;

import io.contactsbridge.cli.CallCommand;
import io.contactsbridge.cli.CatalogCommand;
import io.contactsbridge.cli.CheckCommand;
import io.contactsbridge.cli.ConnectCommand;
import io.contactsbridge.cli.SimulateCommand;
import io.contactsbridge.cli.SubscriptionsCommand;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.runtime.BridgeProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Command line of the bridge. Without a subcommand it runs the bridge (against the configured
 * APIs, or with {@code --sandbox} against in-process simulators).
 */
@Command(name = "contacts-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Application.Version.class,
        description = "Keeps Toggl Track, Toggl Focus, Hubstaff and TimeTonic in sync with HighLevel Contacts.",
        footer = {"", "Settings: application.properties in the working directory, each overridable by an",
                "environment variable (HIGHLEVEL_*, TOGGL_*, BRIDGE_*, HTTP_PORT, ...): see README.md."},
        subcommands = {SimulateCommand.class, CallCommand.class, CheckCommand.class, CatalogCommand.class,
                io.contactsbridge.cli.DeadLettersCommand.class, SubscriptionsCommand.class, ConnectCommand.class,
                io.contactsbridge.bench.BenchCommand.class, io.contactsbridge.cli.RotateKeyCommand.class,
                io.contactsbridge.cli.RollbackCommand.class, CommandLine.HelpCommand.class})
public class Application implements Callable<Integer> {

    @Option(names = "--sandbox", description = "Run against in-process simulators of every external API, with demo data.")
    boolean sandbox;

    @Override
    public Integer call() {
        return BridgeProcess.run(sandbox ? Bridge.Mode.SANDBOX : Bridge.Mode.RUN, Map.of());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Application());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Application.class.getPackage().getImplementationVersion();
            return new String[] {"contacts-bridge " + (v == null ? "dev" : v)};
        }
    }
}
