package io.jgr.testing.cluster;

import io.jgr.testing.ExternalTools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Debian {@code mariadb} client against a member: {@code --batch} runs, or the command line for
 * an interactive session under {@link io.jgr.testing.Tmux}. Over TLS with
 * {@code --ssl-verify-server-cert} against the cluster CA when the member has a certificate;
 * {@link #plaintext()} for {@code --skip-ssl}. Skips the test without the client (fails under CI=true).
 */
public final class MariaDbCli {
    private final MemberProcess member;
    private final String user;
    private final String password;
    private String database;
    private boolean tls;

    private MariaDbCli(MemberProcess member, String user, String password) {
        this.member = member;
        this.user = user;
        this.password = password;
        this.tls = member.pki() != null;
    }

    public static MariaDbCli as(MemberProcess member, String user, String password) {
        ExternalTools.require("mariadb");
        return new MariaDbCli(member, user, password);
    }

    public static MariaDbCli root(MemberProcess member) {
        return as(member, "root", MemberProcess.ROOT_PASSWORD);
    }

    public MariaDbCli database(String db) {
        this.database = db;
        return this;
    }

    public MariaDbCli plaintext() {
        this.tls = false;
        return this;
    }

    public List<String> command(String... extra) {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "--no-defaults", "--protocol=TCP",
                "-h" + member.ip(), "-P" + member.port(), "-u" + user));
        if (password != null) {
            cmd.add("-p" + password);
        }
        if (tls) {
            cmd.addAll(List.of("--ssl", "--ssl-verify-server-cert", "--ssl-ca=" + member.pki().caPem()));
        } else {
            cmd.add("--skip-ssl");
        }
        if (database != null) {
            cmd.add("-D" + database);
        }
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** {@code mariadb --batch} reading {@code sql} from stdin. */
    public ExternalTools.Outcome batch(String sql) throws IOException, InterruptedException {
        return ExternalTools.run(command("--batch"), sql.endsWith("\n") ? sql : sql + "\n");
    }

    /** {@code mariadb --batch -e sql}. */
    public ExternalTools.Outcome execute(String sql) throws IOException, InterruptedException {
        return ExternalTools.run(command("--batch", "-e", sql), null);
    }

    /** The command line as one shell string (for tmux). */
    public String shellCommand(String... extra) {
        StringBuilder b = new StringBuilder();
        for (String part : command(extra)) {
            b.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        return b.toString().trim();
    }
}
