package io.jgr.gr;

import io.jgr.gcs.GroupConfig;
import io.jgr.replication.Replicator;
import io.jgr.server.MemberContext;
import io.jgr.server.MemberPlugin;
import java.time.Duration;

/**
 * Group Replication as a {@link MemberPlugin} of the member process: installs the plugin's SQL on the
 * engine and, with {@code group_replication_start_on_boot=ON}, starts it on its own thread (the member
 * is already accepting clients, as mysqld's asynchronous start on boot).
 *
 * <p>Failure detection can be shortened for tests with the system properties
 * {@code jgr.gr.suspectTimeoutMs} and {@code jgr.gr.verifyTimeoutMs}.
 */
public final class GroupReplicationPlugin implements MemberPlugin {
    private volatile GroupReplication plugin;
    private volatile Thread boot;

    @Override
    public String name() {
        return "group_replication";
    }

    @Override
    public void start(MemberContext member) {
        Hooks hooks = Hooks.defaults().withTuning(tuning()).withReplication((groupName, serverUuid) ->
                new Replicator(member.engine(), member.variables(), groupName, serverUuid));
        GroupReplication gr = new GroupReplication(member.variables(), hooks);
        gr.publishTlsTo(member.groupTls());
        GroupReplicationSql.install(member.engine(), gr);
        plugin = gr;
        if (loaded(member) && Boolean.TRUE.equals(member.variables().globalValue("group_replication_start_on_boot"))) {
            // as mysqld: a member about to join its group takes no local (unreplicated) writes meanwhile;
            // START lifts it once ONLINE (elected), and leaves it ON if the start on boot fails
            member.variables().setInternal("super_read_only", true);
            Thread t = new Thread(gr::startOnBoot, "jgr-gr-start-on-boot");
            t.setDaemon(true);
            boot = t;
            t.start();
        }
    }

    /**
     * As mysqld, the plugin acts on its own only when the options load it ({@code plugin_load_add} or
     * {@code plugin_load} naming group_replication); its statements and tables are always there.
     */
    static boolean loaded(MemberContext member) {
        for (String option : new String[] {"plugin_load_add", "plugin_load"}) {
            if (member.config().option(option).filter(v -> v.contains("group_replication")).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static GroupConfig.Tuning tuning() {
        GroupConfig.Tuning t = GroupConfig.Tuning.DEFAULTS;
        long suspect = Long.getLong("jgr.gr.suspectTimeoutMs", t.suspectTimeout().toMillis());
        long verify = Long.getLong("jgr.gr.verifyTimeoutMs", t.verifyTimeout().toMillis());
        return t.withFailureDetection(Duration.ofMillis(suspect), Duration.ofMillis(verify));
    }

    /** The running plugin (null before start). */
    public GroupReplication groupReplication() {
        return plugin;
    }

    @Override
    public void stop() {
        Thread t = boot;
        if (t != null) {
            try {
                t.join(30_000); // START on boot is bounded by the join timeouts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        GroupReplication gr = plugin;
        if (gr != null) {
            gr.close();
        }
    }
}
