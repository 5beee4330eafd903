package io.jgr.sandbox;

/**
 * One row of {@code jgr status}. Null fields were not available (member not reachable over SQL,
 * or the server does not expose them). {@code recoveryProgress} is 0..1 while RECOVERING, else null.
 */
public record MemberStatus(String memberId, String endpoint, String state, String role, String tlsMode,
                           String appliedGtids, Long lag, Double recoveryProgress) {
}
