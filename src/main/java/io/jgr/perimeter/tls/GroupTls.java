package io.jgr.perimeter.tls;

import io.jgr.perimeter.net.MemberTls;
import io.jgr.server.log.ErrorLog;
import io.jgr.server.log.LogLevel;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * TLS of the member mesh: built at START GROUP_REPLICATION from the server's options, in the mode
 * {@code group_replication_ssl_mode} held then (the mode is only read at START, as in MySQL). The
 * material can be swapped atomically ({@link #reload}); each new connection uses the material
 * current when it is created, connections already open keep theirs.
 */
public final class GroupTls implements MemberTls {
    /** {@code ER_GRP_RPL_SSL_DISABLED}, as a real 8.0 log shows it. */
    static final String SSL_DISABLED_CODE = "MY-011673";
    /**
     * {@code ER_GRP_RPL_COMMUNICATION_SSL_CONF_INFO}; not confirmed, and likely wrong: real 8.0 logs show MY-011674
     * on "Unable to initialize the group communication engine" (GrLog). No real line of this one was found.
     */
    static final String SSL_CONF_INFO_CODE = "MY-011674";
    static final String START_FAILED = "Error starting SSL in the group communication engine.";

    private final SslMode mode;
    private final CertificateNames.Resolver resolver;
    private final AtomicReference<MemberTlsContext> current;

    private GroupTls(SslMode mode, CertificateNames.Resolver resolver, MemberTlsContext initial) {
        this.mode = mode;
        this.resolver = resolver;
        this.current = new AtomicReference<>(initial);
    }

    /** {@link #start(Map, CertificateNames.Resolver)} resolving DNS SANs with the system resolver. */
    public static GroupTls start(Map<String, String> options) throws TlsConfigException {
        return start(options, CertificateNames.Resolver.SYSTEM);
    }

    /**
     * Reads {@code group_replication_ssl_mode}, {@code group_replication_tls_source} and the TLS set it
     * names, logs MySQL's configuration line, and loads the material. A problem is logged as XCom does
     * (its text, then {@code [GCS] Error starting SSL in the group communication engine.}) and thrown:
     * START then fails with 3096.
     */
    public static GroupTls start(Map<String, String> options, CertificateNames.Resolver resolver) throws TlsConfigException {
        try {
            SslMode mode = SslMode.parse(options.get(TlsOptions.SSL_MODE));
            if (mode == SslMode.DISABLED) {
                ErrorLog.groupReplication(LogLevel.NOTE, SSL_DISABLED_CODE,
                        "Group communication SSL configuration: group_replication_ssl_mode: \"DISABLED\"");
                ErrorLog.gcs(LogLevel.NOTE, "SSL was not enabled");
                return new GroupTls(mode, resolver, MemberTlsContext.disabled());
            }
            TlsOptions tls = TlsOptions.forGroup(options);
            ErrorLog.groupReplication(LogLevel.NOTE, SSL_CONF_INFO_CODE,
                    configurationLine(mode, tls, options.getOrDefault("ssl_fips_mode", "OFF")));
            return new GroupTls(mode, resolver, load(mode, tls, resolver));
        } catch (TlsConfigException e) {
            e.logAsGcs();
            ErrorLog.gcs(LogLevel.ERROR, START_FAILED);
            throw e;
        }
    }

    private static MemberTlsContext load(SslMode mode, TlsOptions tls, CertificateNames.Resolver resolver)
            throws TlsConfigException {
        TlsMaterial material = TlsMaterial.load(tls, true, warning -> ErrorLog.gcs(LogLevel.WARNING, warning));
        return MemberTlsContext.build(mode, material, resolver);
    }

    /**
     * Prepares new material from the options without installing it ({@code ALTER INSTANCE RELOAD TLS}
     * builds everything first, then installs everything). Under DISABLED there is nothing to load.
     */
    public Prepared prepare(Map<String, String> options) throws TlsConfigException {
        if (mode == SslMode.DISABLED) {
            return new Prepared(this, MemberTlsContext.disabled());
        }
        return new Prepared(this, load(mode, TlsOptions.forGroup(options), resolver));
    }

    /** Loads and installs new material; on failure nothing changes and the reason is thrown. */
    public void reload(Map<String, String> options) throws TlsConfigException {
        prepare(options).install();
    }

    /** Material loaded and checked, waiting to be installed. */
    public static final class Prepared {
        private final GroupTls owner;
        private final MemberTlsContext context;

        private Prepared(GroupTls owner, MemberTlsContext context) {
            this.owner = owner;
            this.context = context;
        }

        public void install() {
            owner.current.set(context);
            if (context.enabled()) {
                ErrorLog.gcs(LogLevel.NOTE, "TLS material reloaded for group communication: " + context.material());
            }
        }
    }

    /** MySQL's {@code Group communication SSL configuration: ...} line: option values (file names), never contents. */
    static String configurationLine(SslMode mode, TlsOptions tls, String fipsMode) {
        return "Group communication SSL configuration: group_replication_ssl_mode: \"" + mode + "\"; "
                + "server_key_file: \"" + text(tls.key()) + "\"; server_cert_file: \"" + text(tls.cert()) + "\"; "
                + "client_key_file: \"" + text(tls.key()) + "\"; client_cert_file: \"" + text(tls.cert()) + "\"; "
                + "ca_file: \"" + text(tls.ca()) + "\"; ca_path: \"" + text(tls.capath()) + "\"; "
                + "cipher: \"" + text(tls.cipher()) + "\"; tls_version: \"" + text(tls.tlsVersion()) + "\"; "
                + "tls_ciphersuites: \"" + (tls.tlsCiphersuites() == null ? "NOT_SET" : tls.tlsCiphersuites()) + "\"; "
                + "crl_file: \"" + text(tls.crl()) + "\"; crl_path: \"" + text(tls.crlpath()) + "\"; "
                + "ssl_fips_mode: \"" + text(fipsMode) + "\"";
    }

    private static String text(String v) {
        return v == null ? "" : v;
    }

    public SslMode mode() {
        return mode;
    }

    /** The context new connections get now. */
    public MemberTlsContext current() {
        return current.get();
    }

    @Override
    public boolean enabled() {
        return mode != SslMode.DISABLED;
    }

    @Override
    public SSLSocket wrapAccepted(Socket accepted) throws IOException {
        return current.get().wrapAccepted(accepted);
    }

    @Override
    public SSLSocket newClientSocket() throws IOException {
        return current.get().newClientSocket();
    }
}
