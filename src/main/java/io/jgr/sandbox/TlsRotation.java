package io.jgr.sandbox;

import io.jgr.pki.CertificateAuthority;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code jgr tls rotate [--ca]}: new member certificates written over the files, then
 * {@code ALTER INSTANCE RELOAD TLS} member by member (client port and group TLS together). With
 * {@code --ca} the roll goes in three steps so that every pair of members trusts each other at
 * every moment: (1) every member trusts old+new CA, (2) each member gets its new certificate,
 * (3) every member trusts the new CA only.
 */
public final class TlsRotation {
    private final SandboxLayout layout;
    private final MemberSql sql;
    private final PrintWriter out;

    public TlsRotation(SandboxLayout layout, MemberSql sql, PrintWriter out) {
        this.layout = layout;
        this.sql = sql;
        this.out = out;
    }

    public void rotate(boolean newCa) throws IOException, SQLException {
        CertificateAuthority signer = SandboxPki.loadCa(layout);
        if (newCa) {
            CertificateAuthority next = SandboxPki.newCa();
            X509Certificate old = signer.certificate();
            SandboxPki.writeTrusted(layout, List.of(old, next.certificate()));   // the current CA is listed last
            SandboxPki.writeCaKey(layout, next);
            reloadAll("step 1/3: every member trusts the old and the new CA");
            signer = next;
        }
        for (SandboxMember m : layout.members()) {
            X509Certificate cert = SandboxPki.issueMember(signer, m).certificate();
            reload(m);
            out.printf("%s: new certificate serial %s reloaded (ALTER INSTANCE RELOAD TLS)%n", m.name(), cert.getSerialNumber().toString(16));
        }
        if (newCa) {
            SandboxPki.writeTrusted(layout, List.of(signer.certificate()));
            reloadAll("step 3/3: every member trusts the new CA only");
        }
    }

    private void reloadAll(String what) throws SQLException {
        for (SandboxMember m : layout.members()) {
            reload(m);
        }
        out.println(what);
    }

    private void reload(SandboxMember m) throws SQLException {
        sql.execute(m, "ALTER INSTANCE RELOAD TLS");
    }
}
