package io.jgr.recovery;

import io.jgr.store.H2Engine;
import io.jgr.store.pfs.PerformanceSchemaTables;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Distributed recovery's parts on one member, wired to its engine: the credential statements,
 * the donor log statement, and the performance_schema tables. The plugin (START/STOP
 * GROUP_REPLICATION) uses {@link #credentials()} and {@link #client()}; see docs/recovery.md.
 */
public final class RecoveryModule {
    private final RecoveryCredentials credentials;
    private final RecoveryStatus status = new RecoveryStatus();
    private final RecoveryClient client;
    private volatile Donor lastDonor;

    private RecoveryModule(Path datadir) {
        this.credentials = new RecoveryCredentials(new CredentialVault(datadir));
        this.client = new RecoveryClient(credentials, status);
    }

    /**
     * Registers everything on {@code engine}. {@code settings} reads the recovery variables'
     * current values; {@code donorLog} gives this member's transaction log (null while it has none).
     */
    public static RecoveryModule install(H2Engine engine, Path datadir, Supplier<RecoverySettings> settings,
                                         Supplier<DonorLog> donorLog) {
        RecoveryModule m = new RecoveryModule(datadir);
        new CredentialStatements(m.credentials).register(engine);
        new DonorLogStatements(donorLog).register(engine);
        PerformanceSchemaTables tables = new PerformanceSchemaTables();
        tables.add(ConnectionConfigurationTable.create(m.credentials, settings, () -> m.lastDonor));
        tables.add(m.status.connectionStatusTable());
        tables.add(m.status.progressTable());
        tables.register(engine);
        return m;
    }

    public RecoveryCredentials credentials() {
        return credentials;
    }

    public RecoveryStatus status() {
        return status;
    }

    /** The client whose {@code recover} the plugin runs after joining; it records the donor for the tables. */
    public RecoveryClient.Result recover(java.util.List<Donor> donors, GtidRange missing, RecoverySettings settings,
                                         TransactionSink sink) throws InterruptedException {
        RecoveryClient.Result r = client.recover(donors, missing, settings, sink);
        if (r.donor() != null) {
            lastDonor = r.donor();
        }
        return r;
    }
}
