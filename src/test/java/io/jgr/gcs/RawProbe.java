package io.jgr.gcs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain TCP client from a chosen loopback source address that reports what the listener did to it. */
public final class RawProbe {
    public enum Outcome { RESET_ZERO_BYTES, CLOSED_ZERO_BYTES, OPEN_NO_BYTES, SENT_BYTES }

    private RawProbe() {
    }

    /** Connects from {@code source}, waits up to 3 s for a byte, and classifies what happened. */
    public static Outcome from(InetAddress source, InetSocketAddress target) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            try {
                s.connect(target, 3000);
                s.setSoTimeout(3000);
                return s.getInputStream().read() < 0 ? Outcome.CLOSED_ZERO_BYTES : Outcome.SENT_BYTES;
            } catch (SocketTimeoutException e) {
                return Outcome.OPEN_NO_BYTES;
            } catch (SocketException e) {
                // the reset can arrive during connect, before the read, or during it: no byte came in any case
                return e.getMessage() != null && e.getMessage().contains("reset")
                        ? Outcome.RESET_ZERO_BYTES : Outcome.CLOSED_ZERO_BYTES;
            }
        }
    }
}
