package io.jgr.sandbox;

import io.jgr.server.config.OptionsException;
import io.jgr.server.config.OptionsFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a group's configuration before any member starts, so that a mistake is named with the
 * setting to fix instead of surfacing as a join timeout: every member's local address admitted by
 * every other member's allowlist, every seed's certificate naming the seed's address (what
 * VERIFY_IDENTITY will check), one ssl_mode across the group.
 */
public final class Preflight {
    private Preflight() {
    }

    /** Every problem found, each naming the variable to fix; empty when the group can form. */
    public static List<String> check(List<MemberSetup> members) {
        List<String> problems = new ArrayList<>();
        checkAllowlists(members, problems);
        checkSeedCertificates(members, problems);
        checkSslModes(members, problems);
        return problems;
    }

    static void checkAllowlists(List<MemberSetup> members, List<String> problems) {
        for (MemberSetup acceptor : members) {
            AllowlistJudge judge;
            try {
                judge = new AllowlistJudge(acceptor.allowlist());
            } catch (SQLException e) {
                problems.add(acceptor.name() + ": group_replication_ip_allowlist '" + acceptor.allowlist()
                        + "' is invalid (" + e.getMessage() + "): fix group_replication_ip_allowlist");
                continue;
            }
            for (MemberSetup peer : members) {
                if (peer == acceptor) {
                    continue;
                }
                String host = MemberSetup.host(peer.localAddress());
                if (judge.refuses(host)) {
                    problems.add(peer.name() + "'s group_replication_local_address " + peer.localAddress()
                            + " is not admitted by " + acceptor.name() + "'s group_replication_ip_allowlist '"
                            + acceptor.allowlist() + "': add " + host + " to group_replication_ip_allowlist on "
                            + acceptor.name() + " (or fix group_replication_local_address on " + peer.name() + ")");
                }
            }
        }
    }

    static void checkSeedCertificates(List<MemberSetup> members, List<String> problems) {
        Map<String, MemberSetup> byLocalAddress = new HashMap<>();
        for (MemberSetup m : members) {
            byLocalAddress.put(m.localAddress().trim().toLowerCase(Locale.ROOT), m);
        }
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (MemberSetup m : members) {
            if (m.sslMode() == null || !m.sslMode().equalsIgnoreCase("VERIFY_IDENTITY")) {
                continue;   // only VERIFY_IDENTITY checks the name; a mismatch elsewhere is harmless
            }
            for (String seed : m.seedList()) {
                MemberSetup target = byLocalAddress.get(seed.toLowerCase(Locale.ROOT));
                if (target == null || !reported.add(seed)) {
                    continue;
                }
                String host = MemberSetup.host(seed);
                boolean named = target.certificateNames().stream().anyMatch(n -> n.equalsIgnoreCase(host));
                if (!named) {
                    problems.add("seed " + seed + " in group_replication_group_seeds is " + target.name()
                            + ", whose certificate (ssl_cert = " + target.certFile() + ") names "
                            + target.certificateNames() + " but not " + host
                            + ": issue ssl_cert for " + target.name() + " with an IP SAN " + host
                            + " (or make group_replication_group_seeds name an address the certificate has)");
                }
            }
        }
    }

    static void checkSslModes(List<MemberSetup> members, List<String> problems) {
        Map<String, List<String>> byMode = new LinkedHashMap<>();
        for (MemberSetup m : members) {
            String mode = m.sslMode() == null ? "DISABLED" : m.sslMode().toUpperCase(Locale.ROOT);
            byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(m.name());
        }
        if (byMode.size() > 1) {
            StringBuilder b = new StringBuilder("group_replication_ssl_mode differs across members (");
            byMode.forEach((mode, names) -> b.append(mode).append(": ").append(String.join(", ", names)).append("; "));
            b.setLength(b.length() - 2);
            b.append("): set the same group_replication_ssl_mode on every member");
            problems.add(b.toString());
        }
    }

    /** The sandbox's members as their options files and certificates say. */
    public static List<MemberSetup> readSandbox(SandboxLayout layout) throws IOException {
        List<MemberSetup> list = new ArrayList<>();
        for (SandboxMember m : layout.members()) {
            list.add(read(m.name(), m.optionsFile()));
        }
        return list;
    }

    /** One member's setup from its options file ({@code [mysqld]} and friends) and its ssl_cert. */
    public static MemberSetup read(String name, Path optionsFile) throws IOException {
        Map<String, String> o = new HashMap<>();
        try {
            for (OptionsFile.Option option : OptionsFile.read(optionsFile, OptionsFile.SERVER_GROUPS)) {
                o.put(option.name().replace('-', '_').replaceFirst("^loose_", ""), option.value());
            }
        } catch (OptionsException e) {
            throw new IOException(e.getMessage(), e);
        }
        String cert = o.getOrDefault("ssl_cert", "");
        List<String> names = cert.isEmpty() ? List.of() : certificateNames(SandboxPki.readCertificates(Path.of(cert)).get(0));
        return new MemberSetup(name, o.getOrDefault("group_replication_local_address", ""),
                o.getOrDefault("group_replication_ip_allowlist", o.getOrDefault("group_replication_ip_whitelist", "AUTOMATIC")),
                o.getOrDefault("group_replication_group_seeds", ""),
                o.getOrDefault("group_replication_ssl_mode", "DISABLED"), cert, names);
    }

    /** The IP and DNS names of a certificate's subjectAltName. */
    public static List<String> certificateNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            names.add("(unreadable subjectAltName)");
        }
        return names;
    }

    /** Ports of stopped members that something else holds (not pure: tries to bind them). */
    public static List<String> portsInUse(SandboxLayout layout) {
        List<String> problems = new ArrayList<>();
        for (SandboxMember m : layout.members()) {
            if (MemberProcesses.running(m).isPresent()) {
                continue;
            }
            for (int port : new int[] {m.sqlPort(), m.groupPort()}) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(m.address(), port));
                } catch (IOException e) {
                    problems.add(m.address() + ":" + port + " (" + m.name() + (port == m.sqlPort() ? "'s port" : "'s group_replication_local_address")
                            + ") is in use: choose another --base-port");
                }
            }
        }
        return problems;
    }
}
