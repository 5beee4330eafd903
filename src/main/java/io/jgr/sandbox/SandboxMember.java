package io.jgr.sandbox;

import java.nio.file.Path;

/**
 * One sandbox member: {@code member<i>} on 127.0.0.i, SQL port base+i, group port base+100+i.
 * Members differ by address (each its own loopback address, as on separate hosts), so the
 * allowlist and the certificates' IP SANs mean what they would in production.
 */
public record SandboxMember(int index, String address, int sqlPort, int groupPort, Path dir) {
    public String name() {
        return "member" + index;
    }

    public String localAddress() {
        return address + ":" + groupPort;
    }

    public String sqlEndpoint() {
        return address + ":" + sqlPort;
    }

    public Path optionsFile() {
        return dir.resolve("my.cnf");
    }

    public Path datadir() {
        return dir.resolve("data");
    }

    public Path pidFile() {
        return datadir().resolve("member.pid");
    }

    public Path errorLog() {
        return datadir().resolve("error.log");
    }

    public Path certPem() {
        return dir.resolve("cert.pem");
    }

    public Path keyPem() {
        return dir.resolve("key.pem");
    }
}
