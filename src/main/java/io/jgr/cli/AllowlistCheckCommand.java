package io.jgr.cli;

import io.jgr.perimeter.allowlist.AllowlistGate;
import io.jgr.perimeter.allowlist.AllowlistVariables;
import io.jgr.perimeter.allowlist.BoundedHostResolver;
import io.jgr.perimeter.allowlist.CompiledAllowlist;
import io.jgr.perimeter.allowlist.HostCheck;
import io.jgr.perimeter.allowlist.HostResolver;
import io.jgr.perimeter.allowlist.IpLiteral;
import io.jgr.perimeter.allowlist.NetworkInterfaces;
import io.jgr.perimeter.allowlist.RefusalRegistry;
import io.jgr.perimeter.allowlist.Verdict;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jgr allowlist check --list "<value>" <address>…}: prints ADMITTED or REFUSED per address
 * and what decided it, exactly as a member with that list would judge an incoming connection
 * (including FCrDNS findings for host entries). An invalid list fails with the server's error.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Print ADMITTED or REFUSED for each address and the entry or reason that decided it.")
final class AllowlistCheckCommand implements Callable<Integer> {
    static final int INVALID_LIST = 1;
    static final int INVALID_ADDRESS = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--list", required = true, paramLabel = "<value>",
            description = "The allowlist value, as given to SET GLOBAL (e.g. \"10.0.0.0/8,db1.example\" or AUTOMATIC).")
    private String list;

    @Option(names = "--variable", defaultValue = AllowlistVariables.ALLOWLIST, paramLabel = "<name>",
            description = "Variable the value is for, named in errors (default: ${DEFAULT-VALUE}).")
    private String variable;

    @Option(names = "--member", paramLabel = "<address>",
            description = "Address of a current group member (always admitted); repeatable.")
    private List<String> members = new ArrayList<>();

    @Option(names = "--dns-timeout-ms", defaultValue = "2000", paramLabel = "<ms>",
            description = "Bound on each DNS lookup for host entries (default: ${DEFAULT-VALUE}).")
    private long dnsTimeoutMillis;

    @Parameters(arity = "1..*", paramLabel = "<address>", description = "IPv4 or IPv6 addresses of peers to judge.")
    private List<String> addresses;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<InetAddress> peers = new ArrayList<>();
        List<InetAddress> memberAddresses = new ArrayList<>();
        try {
            for (String a : addresses) {
                peers.add(literal(a));
            }
            for (String m : members) {
                memberAddresses.add(literal(m));
            }
        } catch (UnknownHostException e) {
            err.println("jgr: " + e.getMessage());
            return INVALID_ADDRESS;
        }
        AllowlistGate gate;
        try {
            // SET semantics: the whole value validated, the error a client would get.
            CompiledAllowlist compiled = CompiledAllowlist.compile(AllowlistVariables.checkSet(variable, list));
            gate = new AllowlistGate(compiled,
                    new BoundedHostResolver(HostResolver.jdk(),
                            Duration.ofMillis(dnsTimeoutMillis), BoundedHostResolver.DEFAULT_TTL),
                    new RefusalRegistry(), NetworkInterfaces.jdk());
        } catch (SQLException e) {
            err.println("ERROR " + e.getErrorCode() + " (" + e.getSQLState() + "): " + e.getMessage());
            return INVALID_LIST;
        }
        gate.setMembers(() -> memberAddresses);
        for (InetAddress peer : peers) {
            Verdict verdict = gate.decide(peer);
            out.println(verdict.summary());
            for (HostCheck.Finding finding : verdict.hostFindings()) {
                out.println("    host entry " + finding.entry().text() + ": " + finding.outcome());
                for (String note : finding.notes()) {
                    out.println("      " + note);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** An address argument: an IP literal only (never a DNS lookup). */
    private static InetAddress literal(String text) throws UnknownHostException {
        String t = text.trim();
        byte[] bytes = IpLiteral.parse(t);
        if (bytes == null) {
            throw new UnknownHostException("not an IPv4 or IPv6 address: " + text);
        }
        return InetAddress.getByAddress(bytes);
    }
}
