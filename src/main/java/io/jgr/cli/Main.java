package io.jgr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jgr} command. Each subcommand is a small class of its own. */
@Command(name = "jgr",
        mixinStandardHelpOptions = true,
        versionProvider = JgrVersion.class,
        description = "MySQL Group Replication, with its security perimeter, in Java.",
        subcommands = {
            CommandLine.HelpCommand.class,
            AllowlistCommand.class,
            ServerCommand.class,
            SandboxCommand.class,
            StatusCommand.class,
            TlsCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
