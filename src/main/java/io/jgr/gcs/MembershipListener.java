package io.jgr.gcs;

/** Notified on one engine thread, in order, whenever the membership as seen here changes. */
@FunctionalInterface
public interface MembershipListener {
    void membershipChanged(Membership membership);
}
