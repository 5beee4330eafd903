package io.jgr.cli;

import io.jgr.sandbox.Sandbox;
import io.jgr.sandbox.SandboxLayout;
import io.jgr.sandbox.SandboxMember;
import io.jgr.sandbox.SandboxPki;
import io.jgr.sandbox.SandboxStatus;
import io.jgr.sandbox.StatusReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgr sandbox deploy}: the README's main job — a local secure group in one command. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Make a CA and member certificates, options files with an explicit allowlist, start the members, "
                + "create the recovery account, bootstrap the first member and join the others; print the status.")
final class SandboxDeployCommand implements Callable<Integer> {
    /** Exit status when a sandbox already exists there (nothing changed). */
    static final int EXISTS = 3;

    @Spec
    private CommandSpec spec;
    @Mixin
    private SandboxDirOption dir;

    @Option(names = "--members", defaultValue = "3", paramLabel = "<n>", description = "Members (default: ${DEFAULT-VALUE}).")
    private int members;

    @Option(names = "--ssl-mode", defaultValue = "VERIFY_IDENTITY", paramLabel = "<mode>",
            description = "group_replication_ssl_mode: DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY (default: ${DEFAULT-VALUE}).")
    private String sslMode;

    @Option(names = "--base-port", defaultValue = "" + SandboxLayout.DEFAULT_BASE_PORT, paramLabel = "<port>",
            description = "Member i listens on 127.0.0.i: SQL port base+i, group port base+100+i (default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Override
    public Integer call() {
        return SandboxCommand.guarded(spec, out -> {
            Path d = dir.dir();
            if (SandboxLayout.exists(d)) {
                out.println("A sandbox already exists in " + d.toAbsolutePath()
                        + "; nothing changed. Use `jgr sandbox start|stop|destroy --dir " + d + "` or `jgr status --dir " + d + "`.");
                return EXISTS;
            }
            String mode = sslMode.toUpperCase(Locale.ROOT);
            if (!java.util.List.of("DISABLED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY").contains(mode)) {
                throw new IllegalArgumentException("--ssl-mode must be DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY: " + sslMode);
            }
            long t0 = System.nanoTime();
            SandboxLayout layout = new SandboxLayout(d, members, basePort, mode, Sandbox.newGroupName());
            new Sandbox(layout, out).deploy();
            out.println();
            out.print(StatusReport.table(SandboxStatus.read(layout)));
            printHowToConnect(out, layout);
            out.printf("Deployed in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        });
    }

    static void printHowToConnect(PrintWriter out, SandboxLayout layout) {
        SandboxMember first = layout.member(1);
        out.println();
        out.println("root's password is in " + layout.credentials() + " (mode 0600; the recovery account's password is never written).");
        out.println("Connect with the mariadb client (TLS, server certificate verified):");
        out.println("  mariadb --defaults-extra-file=" + layout.credentials() + " -h" + first.address() + " -P" + first.sqlPort());
        out.println("  # or: mariadb -h" + first.address() + " -P" + first.sqlPort() + " -uroot -p --ssl-ca=" + layout.caPem()
                + " --ssl-verify-server-cert");
        out.println("Connector/J URL (password from credentials.cnf):");
        out.println("  jdbc:mysql://" + first.sqlEndpoint() + "/?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl="
                + layout.truststore().toUri() + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword="
                + SandboxPki.TRUSTSTORE_PASSWORD);
        out.println("Status: jgr status --dir " + layout.dir() + "    Stop: jgr sandbox stop --dir " + layout.dir());
    }
}
