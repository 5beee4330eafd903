package io.jgr.cli;

import io.jgr.sandbox.MemberSql;
import io.jgr.sandbox.SandboxLayout;
import io.jgr.sandbox.TlsRotation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgr tls rotate [--ca]}. */
@Command(name = "tls", mixinStandardHelpOptions = true, description = "TLS of the sandbox group.",
        subcommands = TlsCommand.Rotate.class)
final class TlsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "New member certificates (with --ca: a new CA, rolled through an old+new bundle), "
                    + "reloaded member by member with ALTER INSTANCE RELOAD TLS; the group keeps running.")
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxDirOption dir;
        @Option(names = "--ca", description = "Also replace the CA.")
        boolean ca;

        @Override
        public Integer call() {
            return SandboxCommand.guarded(spec, out -> {
                SandboxLayout layout = dir.load();
                new TlsRotation(layout, MemberSql.sandboxRoot(layout), out).rotate(ca);
                out.println("Rotated; every member serves its new certificate to new connections.");
                return 0;
            });
        }
    }
}
