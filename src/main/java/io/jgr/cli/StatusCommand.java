package io.jgr.cli;

import io.jgr.sandbox.GroupStatus;
import io.jgr.sandbox.MemberSql;
import io.jgr.sandbox.SandboxLayout;
import io.jgr.sandbox.SandboxStatus;
import io.jgr.sandbox.StatusReader;
import io.jgr.sandbox.StatusReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgr status}: the group as a table and a one-line verdict, or JSON. Exit 0 with quorum, 2 without. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "The group as seen from one member (default: the sandbox's first running member), with a verdict.")
final class StatusCommand implements Callable<Integer> {
    static final int NO_QUORUM = 2;

    @Spec
    private CommandSpec spec;
    @Mixin
    private SandboxDirOption dir;

    @Option(names = "--host", paramLabel = "<host:port>", description = "A member's SQL endpoint (default: the sandbox's).")
    private String host;

    @Option(names = "--user", defaultValue = "root", paramLabel = "<user>", description = "Account (default: ${DEFAULT-VALUE}).")
    private String user;

    @Option(names = "--password-file", paramLabel = "<file>",
            description = "The password: an options file with [client] password=…, or a file holding only the password "
                    + "(default: the sandbox's credentials.cnf).")
    private Path passwordFile;

    @Option(names = "--json", description = "JSON for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        return SandboxCommand.guarded(spec, out -> {
            GroupStatus status;
            if (host == null) {
                status = SandboxStatus.read(dir.load());
            } else {
                boolean sandbox = SandboxLayout.exists(dir.dir());
                SandboxLayout layout = sandbox ? dir.load() : null;
                char[] password = passwordFile != null ? password(passwordFile)
                        : sandbox ? MemberSql.readPassword(layout.credentials()) : new char[0];
                MemberSql sql = new MemberSql(user, password, sandbox ? layout.truststore() : null);
                int colon = host.lastIndexOf(':');
                StatusReader.Endpoint viewpoint = new StatusReader.Endpoint(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)));
                status = new StatusReader(sql, sandbox ? SandboxStatus.endpoints(layout) : Map.of()).read(viewpoint);
            }
            out.print(json ? StatusReport.json(status) + "\n" : StatusReport.table(status));
            return status.quorum() ? 0 : NO_QUORUM;
        });
    }

    static char[] password(Path file) throws java.io.IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.contains("[client]")) {
            return MemberSql.readPassword(file);
        }
        return text.strip().toCharArray();
    }
}
