package io.jgr.recovery;

/** An ONLINE member that can serve as donor: its member id (server_uuid) and SQL endpoint (MEMBER_HOST:MEMBER_PORT). */
public record Donor(String memberId, String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
