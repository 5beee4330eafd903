package io.jgr.recovery;

/** One transaction of the donor's log: its GTID ({@code uuid:n}) and its serialized payload. */
public record LoggedTransaction(String gtid, byte[] payload) {
}
