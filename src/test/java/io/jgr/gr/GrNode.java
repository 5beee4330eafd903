package io.jgr.gr;

import io.jgr.gcs.GroupPki;
import io.jgr.gcs.GroupConfig;
import io.jgr.server.config.SystemVariables;
import io.jgr.sql.engine.Account;
import io.jgr.sql.engine.ConnectionInfo;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.H2Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One member in this JVM for plugin tests: its own datadir, {@link SystemVariables}, {@link H2Engine} and
 * {@link GroupReplication}, on 127.0.0.N with a free group port, driven through SQL as root.
 */
public final class GrNode implements AutoCloseable {
    static final String ROOT_PASSWORD = "rootpw-Secret1";
    /** Fast failure detection: unreachable about 1.5 s after a crash. */
    public static final GroupConfig.Tuning FAST = GroupConfig.Tuning.DEFAULTS
            .withFailureDetection(Duration.ofMillis(1000), Duration.ofMillis(500));
    private static final AtomicLong IDS = new AtomicLong();

    final int n;
    final String host;
    final int groupPort;
    final SystemVariables vars = SystemVariables.standard();
    final Path datadir;
    final H2Engine engine;
    public final GroupReplication plugin;
    final Session root;

    public GrNode(int n, Hooks hooks) throws SQLException {
        this(n, "127.0.0." + n, hooks);
    }

    GrNode(int n, String host, Hooks hooks) throws SQLException {
        this.n = n;
        this.host = host;
        this.groupPort = freePort(host);
        try {
            datadir = Files.createTempDirectory("jgr-gr-node" + n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vars.setInternal("server_uuid", UUID.randomUUID().toString());
        vars.applyStartupValue("port", Integer.toString(13300 + n));
        vars.applyStartupValue("report_host", host);
        io.jgr.server.config.GroupReplicationVariableCatalog.plugAllowlistCheck(vars,
                (def, v) -> io.jgr.perimeter.allowlist.AllowlistVariables.checkSet(def.name(), (String) v));
        engine = H2Engine.open(datadir, vars, H2Engine.Options.defaults().withRootPassword(ROOT_PASSWORD));
        plugin = new GroupReplication(vars, hooks.replication() == REPLICATE
                ? hooks.withReplication((g, u) -> {
                    io.jgr.replication.Replicator r = new io.jgr.replication.Replicator(engine, vars, g, u);
                    r.setSqlEndpoint(host, 13300 + n); // as the plugin announces a member's SQL endpoint
                    return r;
                }) : hooks);
        GroupReplicationSql.install(engine, plugin);
        root = session("root");
    }

    /** Put into {@link Hooks#withReplication}: this node builds a real Replicator on its own engine per START. */
    public static final Hooks.Replication REPLICATE = (g, u) -> {
        throw new IllegalStateException("replaced by GrNode");
    };

    /** A member with the replication pipeline wired in (as the member process has it). */
    public static GrNode replicating(int n) throws SQLException {
        return new GrNode(n, Hooks.defaults().withTuning(FAST).withReplication(REPLICATE));
    }

    public GrNode(int n) throws SQLException {
        this(n, Hooks.defaults().withTuning(FAST));
    }

    Session session(String user) throws SQLException {
        Account a = engine.findAccount(user, InetAddress.getLoopbackAddress()).orElseThrow();
        return engine.openSession(new ConnectionInfo(IDS.incrementAndGet(), a, InetAddress.getLoopbackAddress(), null, null, null));
    }

    public String localAddress() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + groupPort;
    }

    /** Sets the TLS options as the options file would (before START). */
    public void ssl(Map<String, String> options) {
        options.forEach(vars::applyStartupValue);
    }

    /** The GR variables for a member of {@code group} with these seeds. */
    public void configure(String groupName, String seeds, String allowlist, String sslMode) throws SQLException {
        sql("SET GLOBAL group_replication_group_name = '" + groupName + "'");
        sql("SET GLOBAL group_replication_local_address = '" + localAddress() + "'");
        sql("SET GLOBAL group_replication_group_seeds = '" + seeds + "'");
        sql("SET GLOBAL group_replication_ip_allowlist = '" + allowlist + "'");
        sql("SET GLOBAL group_replication_ssl_mode = '" + sslMode + "'");
        sql("SET GLOBAL group_replication_member_expel_timeout = 1");
    }

    public void bootstrap() throws SQLException {
        sql("SET GLOBAL group_replication_bootstrap_group = ON");
        try {
            sql("START GROUP_REPLICATION");
        } finally {
            sql("SET GLOBAL group_replication_bootstrap_group = OFF");
        }
    }

    public Result sql(String statement) throws SQLException {
        return root.execute(statement);
    }

    List<List<Object>> rows(String query) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : ((Result.Rows) sql(query)).rows()) {
            out.add(Arrays.asList(r));
        }
        return out;
    }

    /** MEMBER_STATE values of replication_group_members. */
    public List<String> states() throws SQLException {
        return rows("SELECT MEMBER_STATE FROM performance_schema.replication_group_members").stream()
                .map(r -> (String) r.get(0)).toList();
    }

    public long onlineCount() throws SQLException {
        return states().stream().filter("ONLINE"::equals).count();
    }

    /** After {@code nodes}' first bootstrapped: START GROUP_REPLICATION on the others, then every one sees all ONLINE. */
    static void joinTheRest(List<GrNode> nodes, java.time.Duration wait) throws SQLException {
        for (GrNode node : nodes.subList(1, nodes.size())) {
            node.sql("START GROUP_REPLICATION");
        }
        for (GrNode node : nodes) {
            org.awaitility.Awaitility.await().atMost(wait).until(() -> node.onlineCount() == nodes.size());
        }
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            plugin.close();
        } finally {
            root.close();
            engine.close();
            GroupPki.delete(datadir);
        }
    }
}
