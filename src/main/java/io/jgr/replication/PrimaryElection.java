package io.jgr.replication;

import io.jgr.gcs.Member;
import io.jgr.gcs.MemberState;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * MySQL's single-primary election: among ONLINE members, the highest
 * {@code group_replication_member_weight}, then the lowest server UUID (as text, as MySQL compares).
 */
public final class PrimaryElection {
    public static final int DEFAULT_WEIGHT = 50;

    private PrimaryElection() {
    }

    public static Optional<UUID> elect(Collection<Member> members, Map<UUID, Integer> weights) {
        ToIntFunction<Member> weight = m -> weights.getOrDefault(m.memberId(), DEFAULT_WEIGHT);
        return members.stream()
                .filter(m -> m.state() == MemberState.ONLINE)
                .sorted(Comparator.comparingInt(weight).reversed().thenComparing(m -> m.memberId().toString()))
                .map(Member::memberId)
                .findFirst();
    }
}
