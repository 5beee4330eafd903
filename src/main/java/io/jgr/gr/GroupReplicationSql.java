package io.jgr.gr;

import io.jgr.gcs.Group;
import io.jgr.gcs.Member;
import io.jgr.gcs.MemberState;
import io.jgr.gcs.Membership;
import io.jgr.perimeter.allowlist.RefusalRegistry;
import io.jgr.replication.FlowControlThrottling;
import io.jgr.replication.ReplicationStats;
import io.jgr.replication.Replicator;
import io.jgr.sql.engine.Result;
import io.jgr.sql.statement.Token;
import io.jgr.store.H2Engine;
import io.jgr.store.StatementContext;
import io.jgr.store.pfs.PerformanceSchemaTables;
import io.jgr.store.pfs.VirtualTable;
import io.jgr.store.account.Privilege;
import io.jgr.perimeter.allowlist.Addresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The plugin's SQL surface on the engine: START/STOP GROUP_REPLICATION, the read-only tables
 * {@code performance_schema.replication_group_members}, {@code replication_group_member_stats},
 * {@code replication_group_communication_information},
 * {@code jgr_allowlist_refusals} and the plugin's stage events ({@link StageEvents}), and SHOW STATUS counters.
 */
public final class GroupReplicationSql {
    static final String MEMBERS = "replication_group_members";
    static final String COMMUNICATION = "replication_group_communication_information";
    static final String CHANNEL = "group_replication_applier";
    static final String STACK = "XCom";

    private final GroupReplication plugin;

    private GroupReplicationSql(GroupReplication plugin) {
        this.plugin = plugin;
    }

    /** Registers the plugin's statements, tables and status counters on {@code engine}. */
    public static GroupReplicationSql install(H2Engine engine, GroupReplication plugin) {
        GroupReplicationSql sql = new GroupReplicationSql(plugin);
        engine.addStatementHandler(Set.of("START", "STOP"), Set.of(), sql::statement);
        List<GroupActionFunction> functions = List.of(new SetAsPrimaryFunction(plugin),
                SwitchModeFunction.toMultiPrimary(plugin), SwitchModeFunction.toSinglePrimary(plugin));
        engine.addStatementHandler(Set.of("SELECT"), Set.of(), (ctx, text, tokens) -> {
            for (GroupActionFunction f : functions) {
                if (f.calls(tokens)) {
                    return f.run(ctx, text, tokens);
                }
            }
            return Optional.empty();
        });
        sql.tables().register(engine);
        engine.addStatusVariables(sql::status);
        return sql;
    }

    private PerformanceSchemaTables tables() {
        StageEvents stages = plugin.stages();
        return new PerformanceSchemaTables()
                .add(VirtualTable.named(MEMBERS).text("CHANNEL_NAME", 64).text("MEMBER_ID", 36).text("MEMBER_HOST", 255)
                        .integer("MEMBER_PORT").text("MEMBER_STATE", 64).text("MEMBER_ROLE", 64).text("MEMBER_VERSION", 64)
                        .text("MEMBER_COMMUNICATION_STACK", 64).rows(this::memberRows))
                .add(VirtualTable.named("jgr_allowlist_refusals").text("SOURCE_ADDRESS", 64).unsigned("REFUSALS")
                        .timestamp("FIRST_SEEN").timestamp("LAST_SEEN").text("LAST_REASON", 1024).rows(this::refusalRows))
                .add(VirtualTable.named("replication_group_member_stats").text("CHANNEL_NAME", 64).text("VIEW_ID", 512)
                        .text("MEMBER_ID", 36).unsigned("COUNT_TRANSACTIONS_IN_QUEUE").unsigned("COUNT_TRANSACTIONS_CHECKED")
                        .unsigned("COUNT_CONFLICTS_DETECTED").unsigned("COUNT_TRANSACTIONS_ROWS_VALIDATING")
                        .text("TRANSACTIONS_COMMITTED_ALL_MEMBERS", 1024).text("LAST_CONFLICT_FREE_TRANSACTION", 1024)
                        .unsigned("COUNT_TRANSACTIONS_REMOTE_IN_APPLIER_QUEUE").unsigned("COUNT_TRANSACTIONS_REMOTE_APPLIED")
                        .unsigned("COUNT_TRANSACTIONS_LOCAL_PROPOSED").unsigned("COUNT_TRANSACTIONS_LOCAL_ROLLBACK")
                        .rows(this::statsRows))
                .add(VirtualTable.named(COMMUNICATION).unsigned("WRITE_CONCURRENCY").text("PROTOCOL_VERSION", 64)
                        .text("WRITE_CONSENSUS_LEADERS_PREFERRED", 1024).text("WRITE_CONSENSUS_LEADERS_ACTUAL", 1024)
                        .integer("WRITE_CONSENSUS_SINGLE_LEADER_CAPABLE").rows(this::communicationRows))
                .add(stages.currentTable())
                .add(stages.historyLongTable())
                .add(stages.summaryTable());
    }

    private Optional<Result> statement(StatementContext ctx, String sql, List<Token> tokens) throws SQLException {
        if (StartStatement.isGroupReplication(tokens, "START")) {
            ctx.requireGlobal(Privilege.GROUP_REPLICATION_ADMIN, Privilege.SUPER);
            plugin.start(StartStatement.parseStart(sql, tokens), ctx::addWarning);
            return Optional.of(Result.Ok.EMPTY);
        }
        if (StartStatement.isGroupReplication(tokens, "STOP")) {
            ctx.requireGlobal(Privilege.GROUP_REPLICATION_ADMIN, Privilege.SUPER);
            StartStatement.checkStop(sql, tokens);
            plugin.stop();
            return Optional.of(Result.Ok.EMPTY);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- rows

    List<Object[]> memberRows() {
        UUID self = plugin.serverUuidOrNull();
        String selfId = self == null ? "" : self.toString();
        Optional<Membership> m = plugin.membership();
        List<Object[]> rows = new ArrayList<>();
        if (m.isEmpty() || plugin.state() == GroupReplication.LocalState.ERROR) {
            // MySQL shows this member alone, OFFLINE, when GR is stopped (or still joining), and alone in
            // ERROR once it has left the group on an error (its last view of the others is stale).
            rows.add(new Object[] {CHANNEL, selfId, ownHost(), ownPort(), plugin.state().name(), "", "", ""});
            return rows;
        }
        boolean selfSeen = false;
        for (Member member : m.get().members()) {
            boolean isSelf = member.memberId().equals(self);
            selfSeen |= isSelf;
            String state = isSelf ? plugin.state().name() : member.state().name();
            rows.add(new Object[] {CHANNEL, member.memberId().toString(), hostText(member.host()),
                    isSelf ? ownPort() : announcedPort(member), state, plugin.roleOf(member), version(), STACK});
        }
        if (!selfSeen) {
            rows.add(new Object[] {CHANNEL, selfId, ownHost(), ownPort(), plugin.state().name(), "", version(), STACK});
        }
        return rows;
    }

    /**
     * A row per member while GR runs: this member's from its own counters, each other member's from the counters
     * it last sent (every flow-control period), as MySQL's rows of remote members come from their stats messages;
     * a member that has sent none yet has no row.
     */
    List<Object[]> statsRows() {
        List<Object[]> rows = new ArrayList<>();
        Optional<Replicator> r = plugin.replicator();
        Optional<Membership> m = plugin.membership();
        UUID self = plugin.serverUuidOrNull();
        if (r.isEmpty() || self == null) {
            return rows; // GR stopped: no rows, as MySQL
        }
        String viewId = m.map(x -> Long.toString(x.viewId())).orElse("");
        rows.add(statsRow(viewId, self, r.get().stats()));
        Map<UUID, ReplicationStats.Row> reported = r.get().reportedStats();
        for (Member member : m.map(Membership::members).orElse(List.of())) {
            ReplicationStats.Row row = reported.get(member.memberId());
            if (row != null && !member.memberId().equals(self)) {
                rows.add(statsRow(viewId, member.memberId(), row));
            }
        }
        return rows;
    }

    private static Object[] statsRow(String viewId, UUID member, ReplicationStats.Row s) {
        return new Object[] {CHANNEL, viewId, member.toString(), s.inQueue(), s.checked(), s.conflicts(), s.rowsValidating(),
                s.committedAllMembers(), s.lastConflictFree(), s.applierQueue(), s.remoteApplied(), s.localProposed(),
                s.localRollback()};
    }

    /**
     * MySQL's row while GR runs (none when stopped). The consensus leader is the group's Raft leader, a single one
     * always (SINGLE_LEADER_CAPABLE 1); preferred is the primary in single-primary mode, which takes the lead
     * (docs/group-engine.md, "The leader follows the primary"), and every member in multi-primary mode, where any
     * leads as well. WRITE_CONCURRENCY is how many messages a member may have in flight, the nearest thing here to
     * XCom's concurrent consensus instances.
     */
    List<Object[]> communicationRows() {
        Optional<Replicator> r = plugin.replicator();
        Optional<Membership> m = plugin.membership();
        Optional<Group> g = plugin.group();
        if (r.isEmpty() || m.isEmpty() || g.isEmpty()) {
            return List.of();
        }
        List<Member> members = m.get().members();
        UUID primary = r.get().singlePrimaryMode() ? r.get().primary() : null;
        String preferred = primary != null ? primary.toString() : uuids(members.stream());
        String actual = uuids(members.stream().filter(Member::leader));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {(long) g.get().config().tuning().maxInFlight(), version(), preferred, actual, 1L});
        return rows;
    }

    private static String uuids(Stream<Member> members) {
        return members.map(x -> x.memberId().toString()).collect(Collectors.joining(","));
    }

    List<Object[]> refusalRows() {
        List<Object[]> rows = new ArrayList<>();
        for (RefusalRegistry.RefusedSource r : plugin.refusals().snapshot()) {
            rows.add(new Object[] {r.address(), r.count(), LocalDateTime.ofInstant(r.firstSeen(), ZoneOffset.UTC),
                    LocalDateTime.ofInstant(r.lastSeen(), ZoneOffset.UTC), r.reason()});
        }
        return rows;
    }

    Map<String, String> status() {
        Map<String, String> s = new LinkedHashMap<>();
        Optional<Membership> m = plugin.membership();
        s.put("group_replication_primary_member", plugin.primaryMember());
        s.put("Jgr_group_replication_member_state", plugin.state().name());
        s.put("Jgr_group_replication_members_online", Long.toString(m.map(x -> x.count(MemberState.ONLINE)).orElse(0L)));
        s.put("Jgr_group_replication_members_unreachable",
                Long.toString(m.map(x -> x.count(MemberState.UNREACHABLE)).orElse(0L)));
        s.put("Jgr_group_replication_majority", m.map(x -> x.majority() ? "ON" : "OFF").orElse("OFF"));
        s.put("Jgr_group_replication_write_block_reason", plugin.writeBlockReason().orElse(""));
        s.put("Jgr_group_replication_local_aborted_by_applier", Long.toString(
                plugin.replicator().map(x -> x.stats().localAbortedByApplier()).orElse(0L)));
        FlowControlThrottling held = plugin.replicator().map(Replicator::flowControlThrottling)
                .orElse(FlowControlThrottling.NONE);
        s.put("Gr_flow_control_throttle_active_count", Long.toString(held.activeCount()));
        s.put("Gr_flow_control_throttle_count", Long.toString(held.count()));
        s.put("Gr_flow_control_throttle_time_sum", Long.toString(held.timeSumUs()));
        s.put("Jgr_group_replication_start_to_online_ms", Long.toString(plugin.lastStartToOnlineMillis()));
        s.put("Jgr_allowlist_refused_connections", Long.toString(plugin.refusals().total()));
        s.put("Jgr_allowlist_refused_sources", Integer.toString(plugin.refusals().snapshot().size()));
        return s;
    }

    /** IPv6 hosts as MySQL prints them ({@code ::1}, not the JDK's {@code 0:0:0:0:0:0:0:1}). */
    static String hostText(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        try {
            return Addresses.text(InetAddress.getByName(host)); // a literal: no DNS
        } catch (UnknownHostException e) {
            return host;
        }
    }

    private String ownHost() {
        String report = plugin.variables().globalText("report_host");
        return report == null || report.isEmpty() ? plugin.variables().globalText("hostname") : report;
    }

    /** Another member's SQL port as it announced it to the group (its MemberInfo), NULL until then. */
    private Long announcedPort(Member member) {
        return plugin.replicator().flatMap(r -> r.sqlEndpoint(member.memberId()))
                .map(e -> (long) e.port()).orElse(null);
    }

    private Long ownPort() {
        Object p = plugin.variables().globalValue("port");
        return p instanceof Long l ? l : null;
    }

    private String version() {
        String v = plugin.variables().globalText("version");
        int dash = v.indexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }
}
