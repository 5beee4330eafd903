package io.jgr.sql.protocol;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's live client connections by connection id (what CONNECTION_ID() and the
 * greeting show), bounded by max_connections. Ids are never reused within a server's life.
 */
public final class ConnectionRegistry {
    private final AtomicLong nextId = new AtomicLong(1);
    private final ConcurrentHashMap<Long, ClientConnection> live = new ConcurrentHashMap<>();

    long newId() {
        return nextId.getAndIncrement();
    }

    /** Registers a connection unless {@code max} are already live. */
    synchronized boolean tryRegister(ClientConnection connection, long max) {
        if (live.size() >= max) {
            return false;
        }
        live.put(connection.id(), connection);
        return true;
    }

    void unregister(ClientConnection connection) {
        live.remove(connection.id(), connection);
    }

    public int size() {
        return live.size();
    }

    /** The ids of the live connections (for SHOW PROCESSLIST and tests). */
    public List<Long> ids() {
        return live.keySet().stream().sorted().toList();
    }

    Collection<ClientConnection> connections() {
        return live.values();
    }

    /** Ends connection {@code id} (KILL): its socket closes, its session rolls back. */
    public boolean kill(long id) {
        ClientConnection c = live.get(id);
        if (c == null) {
            return false;
        }
        c.abort();
        return true;
    }
}
