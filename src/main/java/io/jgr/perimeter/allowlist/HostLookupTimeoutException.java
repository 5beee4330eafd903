package io.jgr.perimeter.allowlist;

/** A lookup did not answer within the resolver's bound; the check that needed it denies. */
public final class HostLookupTimeoutException extends Exception {
    public HostLookupTimeoutException(String what) {
        super(what);
    }
}
