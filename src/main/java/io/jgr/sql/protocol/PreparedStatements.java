package io.jgr.sql.protocol;

import io.jgr.sql.engine.PreparedQuery;
import io.jgr.sql.error.MySqlError;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** One connection's server-side prepared statements by statement id. */
final class PreparedStatements {

    /** A prepared statement with the parameter types last bound and any streamed long data. */
    static final class Statement {
        final long id;
        final PreparedQuery query;
        final int[] types;
        final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();
        /** Set when long data outgrew max_allowed_packet; the next execute fails, as in mysqld. */
        boolean longDataTooLong;

        Statement(long id, PreparedQuery query) {
            this.id = id;
            this.query = query;
            this.types = new int[query.parameters().size()];
            Arrays.fill(types, -1);
        }

        Map<Integer, byte[]> takeLongData() {
            if (longData.isEmpty()) {
                return Map.of();
            }
            Map<Integer, byte[]> data = new HashMap<>();
            longData.forEach((i, b) -> data.put(i, b.toByteArray()));
            longData.clear();
            return data;
        }
    }

    private final Map<Long, Statement> byId = new HashMap<>();
    private final AtomicLong serverWide;
    private long nextId = 1;

    /** @param serverWide the count of prepared statements open on all connections */
    PreparedStatements(AtomicLong serverWide) {
        this.serverWide = serverWide;
    }

    /** Registers a prepared query; 1461 (and the query closed) if the server already holds {@code max}. */
    Statement add(PreparedQuery query, long max) throws SQLException {
        if (serverWide.incrementAndGet() > max) {
            serverWide.decrementAndGet();
            query.close();
            throw MySqlError.ER_MAX_PREPARED_STMT_COUNT_REACHED.exception(max);
        }
        Statement s = new Statement(nextId++, query);
        byId.put(s.id, s);
        return s;
    }

    Statement get(long id) {
        return byId.get(id);
    }

    void close(long id) {
        Statement s = byId.remove(id);
        if (s != null) {
            serverWide.decrementAndGet();
            s.query.close();
        }
    }

    void closeAll() {
        serverWide.addAndGet(-byId.size());
        byId.values().forEach(s -> s.query.close());
        byId.clear();
    }
}
