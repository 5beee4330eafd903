package io.jgr.cli;

import io.jgr.perimeter.allowlist.AutomaticAllowlist;
import io.jgr.perimeter.allowlist.NetworkInterfaces;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jgr allowlist automatic}: what AUTOMATIC would admit on this host (or in the network
 * namespace it runs in): one line per interface address, kept or skipped and why, then the ranges.
 * Hidden: a diagnostic, and how the namespace tests look at a scan.
 */
@Command(name = "automatic", hidden = true, mixinStandardHelpOptions = true,
        description = "Show the ranges AUTOMATIC takes from this host's interfaces.")
final class AllowlistAutomaticCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AutomaticAllowlist.Scan scan = new AutomaticAllowlist(NetworkInterfaces.jdk()).scanAndLog();
        scan.findings().forEach(out::println);
        out.println("RANGES " + String.join(",", scan.texts()));
        out.flush();
        return 0;
    }
}
