package io.jgr.sql.protocol;

import java.io.IOException;

/** A client packet above max_allowed_packet: answered with 1153 and the connection is closed. */
public final class PacketTooLargeException extends IOException {
    public PacketTooLargeException(long size, long limit) {
        super("packet of " + size + " bytes exceeds max_allowed_packet " + limit);
    }
}
