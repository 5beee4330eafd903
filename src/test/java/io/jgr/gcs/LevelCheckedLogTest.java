package io.jgr.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.jgroups.logging.Log;
import org.jgroups.logging.LogFactory;
import org.junit.jupiter.api.Test;

class LevelCheckedLogTest {

    /** Counts how often a message argument is turned into text. */
    private static final class Counted {
        final AtomicInteger formatted = new AtomicInteger();

        @Override
        public String toString() {
            formatted.incrementAndGet();
            return "argument";
        }
    }

    @Test
    void aMessageBelowTheConfiguredLevelIsNeverFormatted() {
        LevelCheckedLog.install();
        Log log = LogFactory.getLog(org.jgroups.protocols.raft.RAFT.class); // org.jgroups: WARN in the logback configuration
        Counted argument = new Counted();
        log.trace("%s: from %s res %s", "a", "b", argument);
        log.debug("%s", argument);
        log.info("%s", argument);
        assertThat(argument.formatted).hasValue(0);
        assertThat(log.getLevel()).isEqualTo("warn");

        log.warn("%s", argument);
        assertThat(argument.formatted).hasValue(1);
    }

    @Test
    void theRaftProtocolOfTheStackLogsThroughIt() {
        LevelCheckedLog.install();
        assertThat(new ResendingRaft(id -> { }).getLog()).isInstanceOf(LevelCheckedLog.class);
    }
}
