package io.jgr.perimeter.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this server's one identity whatever CAs the peer says it trusts. The JDK's own key
 * manager drops a certificate whose issuer the peer did not list, so a member with a foreign CA
 * would send an empty chain and the operator would read "no certificate" instead of "untrusted CA"
 * (pitfall 7 of the group-engine evaluation). Key type is still honoured.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "jgr-identity";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    IdentityKeyManager(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(X509Certificate[]::new);
    }

    private boolean fits(String keyType) {
        String ours = key.getAlgorithm().toUpperCase(Locale.ROOT);
        String asked = keyType.toUpperCase(Locale.ROOT);
        return "RSA".equals(ours) ? asked.equals("RSA") || asked.equals("RSASSA-PSS")
                : "EC".equals(ours) && (asked.equals("EC") || asked.startsWith("EC_"));
    }

    private String client(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (fits(t)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return client(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return client(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return keyType != null && fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return keyType != null && fits(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String toString() {
        return "IdentityKeyManager[" + chain[0].getSubjectX500Principal().getName() + "]";
    }
}
