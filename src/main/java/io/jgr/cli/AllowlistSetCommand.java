package io.jgr.cli;

import io.jgr.sandbox.AllowlistRollout;
import io.jgr.sandbox.MemberOptions;
import io.jgr.sandbox.MemberSql;
import io.jgr.sandbox.SandboxLayout;
import io.jgr.sandbox.SandboxMember;
import io.jgr.sandbox.Secrets;
import io.jgr.sandbox.StatusReader;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jgr allowlist set --group "<list>" [--dry-run] [--force]}: validates the list, names the
 * current members and seeds it would shut out, and applies it live on every sandbox member (and in
 * their options files, so a restart keeps it). A list that shuts out a member is applied only
 * with {@code --force}.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Apply group_replication_ip_allowlist to every member of the sandbox group, live.")
final class AllowlistSetCommand implements Callable<Integer> {
    static final int SHUTS_OUT = 4;

    @Spec
    private CommandSpec spec;
    @Mixin
    private SandboxDirOption dir;

    @Option(names = "--group", required = true, paramLabel = "<list>", description = "The new allowlist (as for SET GLOBAL).")
    private String list;

    @Option(names = "--dry-run", description = "Validate and name what the list would shut out; change nothing.")
    private boolean dryRun;

    @Option(names = "--force", description = "Apply even if the list shuts out a current member or seed.")
    private boolean force;

    @Override
    public Integer call() {
        return SandboxCommand.guarded(spec, out -> {
            SandboxLayout layout = dir.load();
            MemberSql sql = MemberSql.sandboxRoot(layout);
            List<StatusReader.Endpoint> members = layout.members().stream()
                    .map(m -> new StatusReader.Endpoint(m.address(), m.sqlPort())).toList();
            Map<String, List<String>> addresses = AllowlistRollout.currentAddresses(sql, members);
            List<String> shutOut;
            try {
                shutOut = AllowlistRollout.shutOut(list, addresses);
            } catch (SQLException e) {
                out.println("ERROR " + e.getErrorCode() + " (" + e.getSQLState() + "): " + e.getMessage());
                out.println("Nothing changed.");
                return AllowlistCheckCommand.INVALID_LIST;
            }
            for (String s : shutOut) {
                out.println("WOULD SHUT OUT " + s);
            }
            if (dryRun) {
                out.println(shutOut.isEmpty() ? "Dry run: the list admits every current member and seed; nothing changed."
                        : "Dry run: nothing changed.");
                return shutOut.isEmpty() ? 0 : SHUTS_OUT;
            }
            if (!shutOut.isEmpty() && !force) {
                out.println("Not applied: the list would shut out the addresses above (use --force to apply anyway). Nothing changed.");
                return SHUTS_OUT;
            }
            AllowlistRollout.apply(sql, members, list);
            for (SandboxMember m : layout.members()) {
                Secrets.writeAtomically(m.optionsFile(),
                        MemberOptions.replace(Files.readString(m.optionsFile()), "group_replication_ip_allowlist", list));
                out.printf("%s: group_replication_ip_allowlist = '%s' (live, and in %s)%n", m.name(), list, m.optionsFile());
            }
            return 0;
        });
    }
}
