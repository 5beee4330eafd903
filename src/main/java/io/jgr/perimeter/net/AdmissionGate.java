package io.jgr.perimeter.net;

import java.net.InetAddress;

/**
 * Decides, at accept and before any byte is read or written, whether a peer may talk to this
 * member's group port. Implementations log and count their own refusals.
 */
@FunctionalInterface
public interface AdmissionGate {
    boolean admit(InetAddress peer);
}
