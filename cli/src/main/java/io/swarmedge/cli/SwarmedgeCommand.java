package io.swarmedge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code swarmedge} command: one subcommand per role or tool. */
@Command(
        name = "swarmedge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A self-healing edge for Docker Swarm: reverse proxy with automatic TLS, Docker "
                    + "socket filter and floating IP, in one program with one role per subcommand.",
            ""
        },
        subcommands = {
            ProxyCommand.class,
            SocketProxyCommand.class,
            VipCommand.class,
            WhoamiCommand.class,
            UpCommand.class,
            DownCommand.class,
            DemoCommand.class,
            DowntimeCommand.class,
            io.swarmedge.cli.doctor.DoctorCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'swarmedge help COMMAND' for a command's options."})
public final class SwarmedgeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with swarmedge's parsing conventions. */
    public static CommandLine commandLine() {
        return new CommandLine(new SwarmedgeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}
