package io.jgr.replication;

/**
 * What flow control has held on this member, as MySQL reports it in SHOW STATUS.
 *
 * @param count       {@code Gr_flow_control_throttle_count}: commits held so far
 * @param timeSumUs   {@code Gr_flow_control_throttle_time_sum}: microseconds they were held, in all
 * @param activeCount {@code Gr_flow_control_throttle_active_count}: commits held right now
 */
public record FlowControlThrottling(long count, long timeSumUs, long activeCount) {
    public static final FlowControlThrottling NONE = new FlowControlThrottling(0, 0, 0);
}
