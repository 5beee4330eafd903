package io.jgr.sandbox;

import io.jgr.perimeter.allowlist.AllowlistGate;
import io.jgr.perimeter.allowlist.AllowlistVariables;
import io.jgr.perimeter.allowlist.BoundedHostResolver;
import io.jgr.perimeter.allowlist.CompiledAllowlist;
import io.jgr.perimeter.allowlist.IpLiteral;
import io.jgr.perimeter.allowlist.NetworkInterfaces;
import io.jgr.perimeter.allowlist.RefusalRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Judges addresses against an allowlist value as a member would, without a running member and
 * without writing log lines (SET semantics: the whole value validated, 3092 for a bad entry).
 */
final class AllowlistJudge {
    private final AllowlistGate gate;

    AllowlistJudge(String list) throws SQLException {
        CompiledAllowlist compiled = CompiledAllowlist.compile(AllowlistVariables.checkSet(AllowlistVariables.ALLOWLIST, list));
        gate = new AllowlistGate(compiled, BoundedHostResolver.jdkDefault(), new RefusalRegistry(), NetworkInterfaces.jdk());
    }

    /** True if the list refuses the host; false when admitted or when the host is not an IP literal. */
    boolean refuses(String host) {
        byte[] bytes = IpLiteral.parse(host);
        if (bytes == null) {
            return false;
        }
        try {
            return !gate.decide(InetAddress.getByAddress(bytes)).admitted();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
