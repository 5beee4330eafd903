package io.jgr.recovery;

import io.jgr.perimeter.tls.HandshakeFailure;
import io.jgr.perimeter.tls.RecoveryTls;
import io.jgr.perimeter.tls.TlsConfigException;
import io.jgr.server.log.ErrorLog;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLException;

/**
 * Incremental recovery's state transfer with MySQL's retry policy
 * ({@code recovery_state_transfer.cc}): a donor is picked at random among the ONLINE members not
 * tried yet; on failure the next one is tried; once every donor failed, it sleeps
 * {@code group_replication_recovery_reconnect_interval} and starts over; after
 * {@code group_replication_recovery_retry_count} failed attempts it logs MySQL's lines and returns
 * {@link Outcome#ERROR}, on which the plugin sets the member to ERROR (and read-only). Each
 * failed attempt logs the Replica I/O line and the two plugin lines and fills
 * {@code replication_connection_status}.
 */
public final class RecoveryClient {
    /** What the plugin acts on: DONE → apply the buffered transactions and go ONLINE; ERROR → leave. */
    public enum Outcome { DONE, ERROR }

    public record Result(Outcome outcome, Donor donor, long transactions, long bytes, Duration elapsed) {
    }

    /** How the client waits between rounds; tests pass a bounded, non-sleeping one. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final RecoveryCredentials credentials;
    private final RecoveryStatus status;
    private final Sleeper sleeper;
    private final Random random;

    public RecoveryClient(RecoveryCredentials credentials, RecoveryStatus status) {
        this(credentials, status, d -> Thread.sleep(d.toMillis()), new Random());
    }

    RecoveryClient(RecoveryCredentials credentials, RecoveryStatus status, Sleeper sleeper, Random random) {
        this.credentials = credentials;
        this.status = status;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Fetches {@code missing} from one of {@code donors} into {@code sink}. Credentials are the
     * effective ones at this moment (START credentials before stored ones).
     */
    public Result recover(List<Donor> donors, GtidRange missing, RecoverySettings settings, TransactionSink sink)
            throws InterruptedException {
        long begin = System.nanoTime();
        Credentials creds;
        RecoveryTls tls;
        String tlsError = null;
        try {
            creds = credentials.effective().orElse(new Credentials("", "", null, Credentials.Source.STORED));
        } catch (CredentialStoreException e) {
            RecoveryLog.error(e.getMessage());
            return fail(begin);
        }
        try {
            tls = RecoveryTls.load(settings.options(), w -> RecoveryLog.progress(w));
        } catch (TlsConfigException e) {
            tls = null; // MySQL: a bad recovery_ssl_* option only surfaces as a failed donor connection
            tlsError = String.join("; ", e.lines());
        }
        List<Donor> untried = new ArrayList<>();
        int attempts = 0;
        while (true) {
            if (attempts >= settings.retryCount()) {
                RecoveryLog.maximumRetries();
                return fail(begin);
            }
            if (donors.isEmpty()) {
                RecoveryLog.error("No valid donors exist in the group, retrying");
                attempts++;
                sleeper.sleep(settings.reconnectInterval());
                continue;
            }
            if (untried.isEmpty()) {
                if (attempts > 0) {
                    sleeper.sleep(settings.reconnectInterval());
                }
                untried.addAll(donors);
                Collections.shuffle(untried, random);
            }
            Donor donor = untried.remove(0);
            attempts++;
            status.connecting(donor, attempts);
            RecoveryLog.establishing(donor);
            Optional<Result> done = attempt(donor, creds, tls, tlsError, settings, missing, sink, attempts, begin);
            if (done.isPresent()) {
                return done.get();
            }
        }
    }

    private Optional<Result> attempt(Donor donor, Credentials creds, RecoveryTls tls, String tlsError, RecoverySettings settings,
                                     GtidRange missing, TransactionSink sink, int attempt, long begin) {
        if (tls == null) {
            connectionFailed(creds, donor, settings, attempt, 2026, "SSL connection error: " + tlsError);
            return Optional.empty();
        }
        DonorConnection connection;
        try {
            connection = DonorConnection.open(donor, creds, settings, tls);
        } catch (SQLException e) {
            connectionFailed(creds, donor, settings, attempt, errorNumber(e), describe(e, creds));
            return Optional.empty();
        }
        try (connection) {
            DonorLog.Size size = connection.size(missing);
            status.connected(size.transactions(), size.bytes());
            RecoveryLog.progress("Distributed recovery will transfer " + size.transactions() + " transactions ("
                    + size.bytes() + " bytes) of " + missing + " from donor " + donor.memberId() + " at " + donor);
            Progress progress = new Progress(missing, size);
            connection.stream(missing, (gtid, payload) -> {
                sink.accept(gtid, payload);
                progress.received(gtid, payload.length);
            });
            if (progress.transactions < size.transactions()) {
                throw new SQLException("the donor sent " + progress.transactions + " of " + size.transactions()
                        + " transactions", "08S01", 2013);
            }
            sink.flush(); // the rate and DONE include applying, not only the transfer
            status.finished(true);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            RecoveryLog.progress("Distributed recovery finished: " + progress.transactions + " transactions ("
                    + progress.bytes + " bytes) from donor " + donor.memberId() + " in " + elapsed.toMillis() + " ms");
            return Optional.of(new Result(Outcome.DONE, donor, progress.transactions, progress.bytes, elapsed));
        } catch (SQLException e) {
            if (e.getErrorCode() == SOURCE_PURGED) {
                // connected, but the donor purged part of the range: MySQL's receiver reports its fatal 1236
                String message = "Got fatal error 1236 from source when reading data from binary log: '" + describe(e, creds) + "'";
                status.failed(13114, message);
                RecoveryLog.receiverFatal(message);
                return Optional.empty(); // the next donor may still hold it
            }
            connectionFailed(creds, donor, settings, attempt, errorNumber(e), describe(e, creds));
            return Optional.empty();
        } catch (TransactionSink.SinkException e) {
            RecoveryLog.error("Error while applying a transaction received by distributed recovery: " + e.getMessage());
            return Optional.of(fail(begin));
        }
    }

    /** Counts what arrived, updates the status table and logs every tenth of the transfer. */
    private final class Progress {
        private final GtidRange range;
        private final DonorLog.Size size;
        long transactions;
        long bytes;
        private int tenths;

        Progress(GtidRange range, DonorLog.Size size) {
            this.range = range;
            this.size = size;
        }

        void received(String gtid, long length) {
            transactions++;
            bytes += length;
            status.received(range, gtid, length);
            int now = size.transactions() == 0 ? 10 : (int) (transactions * 10 / size.transactions());
            if (now > tenths && now < 10) {
                tenths = now;
                RecoveryLog.progress("Distributed recovery progress: " + transactions + " of " + size.transactions()
                        + " transactions, " + bytes + " of " + size.bytes() + " bytes");
            }
        }
    }

    private void connectionFailed(Credentials creds, Donor donor, RecoverySettings settings, int attempt, int number,
                                  String message) {
        String statusText = "error connecting to master '" + creds.user() + "@" + donor.host() + ":" + donor.port()
                + "' - retry-time: " + settings.reconnectInterval().toSeconds() + " retries: " + attempt + " message: " + message;
        status.failed(number, statusText);
        RecoveryLog.connectionFailed(creds.user(), donor, settings.reconnectInterval().toSeconds(), attempt, number, message);
    }

    /** ER_SOURCE_HAS_PURGED_REQUIRED_GTIDS, a donor's answer for a range it purged. */
    static final int SOURCE_PURGED = 1789;

    private Result fail(long begin) {
        RecoveryLog.fatal();
        status.finished(false);
        return new Result(Outcome.ERROR, null, 0, 0, Duration.ofNanos(System.nanoTime() - begin));
    }

    /** MySQL's client error numbers: the server's (1045, 1227, …), 2026 for TLS, 2003 when nothing answered, 2013 for a lost link. */
    static int errorNumber(SQLException e) {
        if (e.getErrorCode() > 0) {
            return e.getErrorCode();
        }
        if (sslCause(e) != null) {
            return 2026;
        }
        return e.getSQLState() != null && e.getSQLState().startsWith("08") && e.getMessage() != null
                && e.getMessage().contains("successfully") ? 2013 : 2003;
    }

    private static String describe(SQLException e, Credentials creds) {
        Throwable ssl = sslCause(e);
        String text = ssl != null ? "SSL connection error: " + HandshakeFailure.describe(ssl) : ErrorLog.firstLine(e.getMessage());
        String pw = creds.password();
        if (pw.length() >= 3 && text.contains(pw)) {
            text = text.replace(pw, "<secret>");
        }
        return text;
    }

    private static Throwable sslCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return t;
            }
        }
        return null;
    }
}
