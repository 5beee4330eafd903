package io.jgr.cli;

import io.jgr.sandbox.Preflight;
import io.jgr.sandbox.Sandbox;
import io.jgr.sandbox.SandboxLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jgr sandbox deploy|start|stop|destroy|check}: a local secure group. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "A local secure group: deploy, start, stop, destroy, check.",
        subcommands = {SandboxDeployCommand.class, SandboxCommand.Start.class, SandboxCommand.Stop.class,
            SandboxCommand.Destroy.class, SandboxCommand.Check.class})
final class SandboxCommand implements Runnable {
    static final int FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a sandbox action; any failure is one line on stderr and exit status 1. */
    static int guarded(CommandSpec spec, Action action) {
        quietErrorLog();
        PrintWriter out = spec.commandLine().getOut();
        try {
            int rc = action.run(out);
            out.flush();
            return rc;
        } catch (Exception e) {
            out.flush();
            spec.commandLine().getErr().println("jgr: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return FAILED;
        }
    }

    /**
     * The operator commands reuse server classes (the allowlist engine) that write MySQL error-log
     * lines; on the operator's terminal only errors of those are wanted.
     */
    static void quietErrorLog() {
        if (org.slf4j.LoggerFactory.getLogger(io.jgr.server.log.ErrorLog.LOGGER) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    interface Action {
        int run(PrintWriter out) throws Exception;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the stopped members and the group with them (bootstrapped again if no member is ONLINE).")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxDirOption dir;

        @Override
        public Integer call() {
            return guarded(spec, out -> {
                SandboxLayout layout = dir.load();
                new Sandbox(layout, out).start();
                out.println();
                out.print(io.jgr.sandbox.StatusReport.table(io.jgr.sandbox.SandboxStatus.read(layout)));
                return 0;
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every member (SIGTERM, orderly shutdown).")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxDirOption dir;

        @Override
        public Integer call() {
            return guarded(spec, out -> {
                new Sandbox(dir.load(), out).stop();
                return 0;
            });
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Kill every member and delete the sandbox directory.")
    static final class Destroy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxDirOption dir;

        @Override
        public Integer call() {
            return guarded(spec, out -> {
                new Sandbox(dir.load(), out).destroy();
                return 0;
            });
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Pre-flight checks over the members' options files and certificates.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SandboxDirOption dir;

        @Override
        public Integer call() {
            return guarded(spec, out -> {
                SandboxLayout layout = dir.load();
                List<String> problems = new ArrayList<>(Preflight.check(Preflight.readSandbox(layout)));
                if (problems.isEmpty()) {
                    out.println("Pre-flight checks passed: allowlists admit every member, seed certificates name their addresses, one ssl_mode.");
                    return 0;
                }
                problems.forEach(p -> out.println("FAIL " + p));
                return FAILED;
            });
        }
    }
}
