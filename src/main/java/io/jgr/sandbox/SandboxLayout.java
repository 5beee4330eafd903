package io.jgr.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where a sandbox lives and how it is addressed; saved as {@code sandbox.properties} (no secrets)
 * so that stop/start/status/allowlist/tls find the members again.
 */
public record SandboxLayout(Path dir, int memberCount, int basePort, String sslMode, String groupName) {
    public static final String FILE = "sandbox.properties";
    public static final int DEFAULT_BASE_PORT = 13300;
    public static final int GROUP_PORT_OFFSET = 100;
    public static final int MAX_MEMBERS = 9;

    public SandboxLayout {
        dir = dir.toAbsolutePath().normalize();
        if (memberCount < 1 || memberCount > MAX_MEMBERS) {
            throw new IllegalArgumentException("--members must be between 1 and " + MAX_MEMBERS + ": " + memberCount);
        }
        if (basePort < 1 || basePort + GROUP_PORT_OFFSET + memberCount > 65535) {
            throw new IllegalArgumentException("--base-port out of range: " + basePort);
        }
    }

    /** The default directory: {@code $JGR_SANDBOX}, else {@code ~/.jgr/sandbox}. */
    public static Path defaultDir() {
        String env = System.getenv("JGR_SANDBOX");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".jgr", "sandbox");
    }

    public List<SandboxMember> members() {
        List<SandboxMember> list = new ArrayList<>();
        for (int i = 1; i <= memberCount; i++) {
            list.add(member(i));
        }
        return list;
    }

    public SandboxMember member(int i) {
        return new SandboxMember(i, "127.0.0." + i, basePort + i, basePort + GROUP_PORT_OFFSET + i,
                dir.resolve("member" + i));
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path caKeyPem() {
        return dir.resolve("ca-key.pem");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The operator's credentials file (0600): {@code [client]} for the mariadb client, {@code [jgr]} for the first start. */
    public Path credentials() {
        return dir.resolve("credentials.cnf");
    }

    public String seeds() {
        return String.join(",", members().stream().map(SandboxMember::localAddress).toList());
    }

    public String allowlist() {
        return String.join(",", members().stream().map(SandboxMember::address).toList());
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("members", Integer.toString(memberCount));
        p.setProperty("base_port", Integer.toString(basePort));
        p.setProperty("ssl_mode", sslMode);
        p.setProperty("group_name", groupName);
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "jgr sandbox (no secrets here; see credentials.cnf)");
        }
    }

    public static SandboxLayout load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no sandbox in " + dir.toAbsolutePath() + " (run: jgr sandbox deploy --dir " + dir + ")");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new SandboxLayout(dir, Integer.parseInt(p.getProperty("members")),
                Integer.parseInt(p.getProperty("base_port")), p.getProperty("ssl_mode"), p.getProperty("group_name"));
    }
}
