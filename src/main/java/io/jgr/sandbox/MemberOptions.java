package io.jgr.sandbox;

/**
 * A member's options file. Group Replication is loaded ({@code plugin_load_add}) but not started on
 * boot: the sandbox decides who bootstraps (only the first member, once) and gives the recovery
 * credentials at START, so they are never in a file. The allowlist is explicit (the members'
 * addresses), never AUTOMATIC.
 */
public final class MemberOptions {
    private MemberOptions() {
    }

    public static String render(SandboxLayout layout, SandboxMember m, String allowlist) {
        return "# jgr sandbox " + m.name() + " (written by `jgr sandbox deploy`; secrets are not in this file)\n"
                + "[mysqld]\n"
                + "datadir = " + m.datadir() + "\n"
                + "bind_address = " + m.address() + "\n"
                + "port = " + m.sqlPort() + "\n"
                + "pid_file = " + m.pidFile() + "\n"
                + "log_error = " + m.errorLog() + "\n"
                + "ssl_ca = " + layout.caPem() + "\n"
                + "ssl_cert = " + m.certPem() + "\n"
                + "ssl_key = " + m.keyPem() + "\n"
                + "require_secure_transport = ON\n"
                + "plugin_load_add = group_replication.so\n"
                + "group_replication_start_on_boot = OFF\n"
                + "group_replication_bootstrap_group = OFF\n"
                + "group_replication_group_name = " + layout.groupName() + "\n"
                + "group_replication_local_address = " + m.localAddress() + "\n"
                + "group_replication_group_seeds = " + layout.seeds() + "\n"
                + "group_replication_ip_allowlist = " + allowlist + "\n"
                + "group_replication_ssl_mode = " + layout.sslMode() + "\n"
                + "group_replication_recovery_use_ssl = ON\n"
                + "group_replication_recovery_ssl_ca = " + layout.caPem() + "\n"
                + "group_replication_recovery_ssl_verify_server_cert = ON\n";
    }

    /** The options file with {@code name}'s line replaced (the sandbox keeps files in step with live SETs). */
    public static String replace(String text, String name, String value) {
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : text.split("\n", -1)) {
            String t = line.trim();
            if (!done && (t.startsWith(name + " ") || t.startsWith(name + "="))) {
                out.append(name).append(" = ").append(value).append('\n');
                done = true;
            } else {
                out.append(line).append('\n');
            }
        }
        String s = out.substring(0, out.length() - 1);
        return done ? s : s + name + " = " + value + "\n";
    }
}
