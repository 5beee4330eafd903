package io.jgr.cli;

import picocli.CommandLine.Command;

/** {@code jgr allowlist …}: operator tools for {@code group_replication_ip_allowlist}. */
@Command(name = "allowlist",
        description = "Judge addresses against a group_replication_ip_allowlist value.",
        mixinStandardHelpOptions = true,
        subcommands = {AllowlistCheckCommand.class, AllowlistAutomaticCommand.class, AllowlistSetCommand.class})
final class AllowlistCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
