package io.jgr.recovery;

import java.util.Optional;

/**
 * The credentials the recovery connection uses: those of {@code START GROUP_REPLICATION USER=…,
 * PASSWORD=…} (memory only, set and cleared by the plugin) take precedence over those stored with
 * CHANGE … FOR CHANNEL 'group_replication_recovery' (spec §4.2). Nothing here is ever sent to
 * another member.
 */
public final class RecoveryCredentials {
    private final CredentialVault vault;
    private volatile Credentials start;

    public RecoveryCredentials(CredentialVault vault) {
        this.vault = vault;
    }

    public CredentialVault vault() {
        return vault;
    }

    /** START GROUP_REPLICATION USER/PASSWORD/DEFAULT_AUTH: kept in memory until {@link #clearStartCredentials()}. */
    public void setStartCredentials(String user, String password, String defaultAuth) {
        start = new Credentials(user, password, defaultAuth, Credentials.Source.START);
    }

    /** STOP GROUP_REPLICATION and shutdown forget the START credentials. */
    public void clearStartCredentials() {
        start = null;
    }

    public Optional<Credentials> startCredentials() {
        return Optional.ofNullable(start);
    }

    /** What CHANGE … stored, empty when nothing (or an empty user) is stored. */
    public Optional<StoredCredentials> stored() throws CredentialStoreException {
        return vault.load().filter(c -> !c.user().isEmpty());
    }

    /** START credentials if given, else the stored ones, else empty (the connection then has no user). */
    public Optional<Credentials> effective() throws CredentialStoreException {
        Credentials s = start;
        if (s != null) {
            return Optional.of(s);
        }
        return stored().map(c -> new Credentials(c.user(), c.password(), null, Credentials.Source.STORED));
    }

    /** Only the stored credentials: what start-on-boot may use (no START statement exists then). */
    public Optional<Credentials> storedOnly() throws CredentialStoreException {
        return stored().map(c -> new Credentials(c.user(), c.password(), null, Credentials.Source.STORED));
    }
}
