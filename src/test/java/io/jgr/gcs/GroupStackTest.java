package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jgroups.JChannel;
import org.jgroups.protocols.MERGE3;
import org.junit.jupiter.api.Test;

class GroupStackTest {

    /** JGroups' default (10 s: a check every 16 s) left the survivors of a bad merge without a majority that long. */
    @Test
    void splitViewsAreLookedForEveryMergeIntervalNotJGroupsDefault() throws Exception {
        TestMembers t = new TestMembers(1);
        GroupConfig config = t.config(1);
        assertThat(config.tuning().mergeInterval()).isEqualTo(Duration.ofSeconds(2));
        try (JChannel channel = GroupStack.channel(config, "stack-test", peer -> true,
                new RetainingLog(() -> Long.MAX_VALUE, 0), id -> { })) {
            MERGE3 merge = channel.getProtocolStack().findProtocol(MERGE3.class);
            assertThat(merge.getMaxInterval()).isEqualTo(2000);
            assertThat(merge.getMinInterval()).isEqualTo(500);
        }
    }
}
