package io.jgr.perimeter.allowlist;

import io.jgr.perimeter.net.AdmissionGate;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The allowlist at the group port's accept: admits localhost (127.0.0.1, ::1) always, then IP
 * entries (compiled, no DNS), then current group members (a hook the group layer sets), then host
 * entries through FCrDNS; refuses everything else, counting and logging it. The list can be
 * swapped at runtime ({@link #reconfigure}): the new value is validated whole first, and an
 * invalid one leaves the old list in force. Thread-safe; {@link #admit} never blocks on a lock.
 */
public final class AllowlistGate implements AdmissionGate {
    private static final byte[] LOCALHOST_V4 = {127, 0, 0, 1};
    private static final byte[] LOCALHOST_V6 = IpLiteral.parseV6("::1");

    private volatile CompiledAllowlist current;
    private volatile Supplier<? extends Collection<? extends InetAddress>> members = Set::of;
    private final HostCheck hostCheck;
    private final RefusalRegistry refusals;
    private final NetworkInterfaces interfaces;
    private final LogThrottle unresolvableLog;

    public AllowlistGate(CompiledAllowlist initial, HostResolver resolver, RefusalRegistry refusals, NetworkInterfaces interfaces) {
        this.current = Objects.requireNonNull(initial);
        this.hostCheck = new HostCheck(resolver);
        this.refusals = refusals;
        this.interfaces = interfaces;
        this.unresolvableLog = new LogThrottle(RefusalRegistry.DEFAULT_LOG_INTERVAL.toNanos(),
                RefusalRegistry.DEFAULT_LOG_BURST, () -> Clock.systemUTC().millis() * 1_000_000L);
    }

    /**
     * The gate a member opens at START: validates {@code value} with START semantics
     * ({@link AllowlistVariables#forStart}), compiles it against the real interfaces, and resolves
     * host entries through the JDK with the default timeout and cache.
     */
    public static AllowlistGate start(String variable, String value) throws SQLException {
        Allowlist list = AllowlistVariables.forStart(variable, value);
        return new AllowlistGate(CompiledAllowlist.compile(list), BoundedHostResolver.jdkDefault(),
                new RefusalRegistry(), NetworkInterfaces.jdk());
    }

    /** Sets the hook that lists the current group members' addresses; they are always admitted. */
    public void setMembers(Supplier<? extends Collection<? extends InetAddress>> members) {
        this.members = Objects.requireNonNull(members);
    }

    /**
     * Live {@code SET GLOBAL}: validates the whole new value, then swaps it in for the next
     * accepted connection (AUTOMATIC rescans the interfaces). Invalid: logs MySQL's lines, keeps
     * the old list, throws 3092 naming {@code variable}.
     */
    public void reconfigure(String variable, String value) throws SQLException {
        Allowlist list;
        try {
            list = Allowlist.parse(value);
        } catch (InvalidAllowlistException e) {
            if (e.logText() != null) {
                ErrorLog.gcs(LogLevel.ERROR, e.logText());
            }
            ErrorLog.gcs(LogLevel.ERROR, AllowlistMessages.RUNTIME_INVALID);
            throw AllowlistVariables.invalid(variable);
        }
        current = CompiledAllowlist.compile(list, interfaces);
    }

    /** The list in force. */
    public CompiledAllowlist current() {
        return current;
    }

    public RefusalRegistry refusals() {
        return refusals;
    }

    @Override
    public boolean admit(InetAddress peer) {
        if (peer == null) {
            return false;
        }
        CompiledAllowlist list = current;
        byte[] raw = peer.getAddress();
        if (list.ranges().contains(raw) || isLocalhost(raw) || isMember(raw)) {
            return true;
        }
        Verdict verdict = decide(list, peer);
        if (!verdict.admitted()) {
            refusals.refuse(peer, refusalReason(verdict));
        }
        return verdict.admitted();
    }

    /** The full decision with its reason and FCrDNS findings, without counting a refusal (for operators and tests). */
    public Verdict decide(InetAddress peer) {
        return decide(current, peer);
    }

    private Verdict decide(CompiledAllowlist list, InetAddress peer) {
        byte[] address = Addresses.normalise(peer);
        String text = IpLiteral.format(address);
        if (isLocalhost(address)) {
            return new Verdict(text, true, Verdict.Reason.LOCALHOST, null, List.of());
        }
        if (list.ranges().contains(address)) {
            IpEntry entry = list.firstIpEntryContaining(address);
            return new Verdict(text, true, Verdict.Reason.IP_ENTRY, entry == null ? null : entry.text(), List.of());
        }
        if (isMember(address)) {
            return new Verdict(text, true, Verdict.Reason.GROUP_MEMBER, null, List.of());
        }
        List<HostCheck.Finding> findings = new ArrayList<>();
        for (HostEntry entry : list.hostEntries()) {
            HostCheck.Finding finding = hostCheck.check(entry, address);
            findings.add(finding);
            if (finding.outcome() == HostCheck.Outcome.UNRESOLVABLE && unresolvableLog.allow(entry.host())) {
                ErrorLog.gcs(LogLevel.WARNING, AllowlistMessages.hostNotResolvable(entry.host()));
            }
            if (finding.admits()) {
                return new Verdict(text, true, Verdict.Reason.HOST_ENTRY, entry.text(), findings);
            }
        }
        return new Verdict(text, false, Verdict.Reason.NOT_IN_ALLOWLIST, null, findings);
    }

    private static String refusalReason(Verdict verdict) {
        StringBuilder reason = new StringBuilder("not in the IP allowlist");
        for (HostCheck.Finding f : verdict.hostFindings()) {
            reason.append("; ").append(f.entry().text()).append(": ").append(f.outcome());
        }
        return reason.toString();
    }

    private boolean isMember(byte[] raw) {
        Collection<? extends InetAddress> now = members.get();
        if (now == null || now.isEmpty()) {
            return false;
        }
        byte[] peer = Addresses.normalise(raw);
        for (InetAddress member : now) {
            if (Arrays.equals(Addresses.normalise(member), peer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalhost(byte[] raw) {
        byte[] a = Addresses.normalise(raw);
        return Arrays.equals(a, LOCALHOST_V4) || Arrays.equals(a, LOCALHOST_V6);
    }
}
