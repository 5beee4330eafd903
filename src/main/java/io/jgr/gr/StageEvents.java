package io.jgr.gr;

import io.jgr.store.pfs.VirtualTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * performance_schema's stage events for the plugin's long procedures, which MySQL tells DBAs to watch there:
 * the auto-rejoin procedure is the stage {@value #AUTO_REJOIN}. Three views of them: the stages under way
 * ({@code events_stages_current}: WORK_COMPLETED the attempts made so far, WORK_ESTIMATED the tries), the last
 * {@value #HISTORY_LONG_SIZE} that ended ({@code events_stages_history_long}: TIMER_END when each ended) and a
 * summary per stage ({@code events_stages_summary_global_by_event_name}: COUNT_STAR how many ended).
 *
 * <p>Always collected: jgr has no {@code setup_consumers} or {@code setup_instruments} to turn them off. Timers
 * are picoseconds since this member started, as performance_schema's are since the server started.
 */
final class StageEvents {
    static final String AUTO_REJOIN = "stage/group_rpl/Undergoing auto-rejoin procedure";
    static final int HISTORY_LONG_SIZE = 1000;
    /** The stages the plugin has: the summary lists each, with COUNT_STAR 0 before its first ends. */
    private static final List<String> STAGES = List.of(AUTO_REJOIN);

    private final long origin = System.nanoTime();
    private final AtomicLong eventIds = new AtomicLong();
    private final List<Stage> current = new ArrayList<>();
    private final Deque<Stage> history = new ArrayDeque<>();
    private final Map<String, Summary> summaries = new LinkedHashMap<>();

    StageEvents() {
        for (String stage : STAGES) {
            summaries.put(stage, new Summary());
        }
    }

    /** One stage under way on the calling thread until {@link Stage#end()}. */
    final class Stage {
        private final long threadId = Thread.currentThread().getId();
        private final long eventId = eventIds.incrementAndGet();
        private final String name;
        private final String source;
        private final long estimated;
        private final long start = now();
        private long completed;
        private long end = -1;

        private Stage(String name, String source, long estimated) {
            this.name = name;
            this.source = source;
            this.estimated = estimated;
        }

        /** WORK_COMPLETED from now on. */
        void progress(long workCompleted) {
            synchronized (StageEvents.this) {
                completed = workCompleted;
            }
        }

        /** Moves it from the current stages to the history and the summary; once. */
        void end() {
            synchronized (StageEvents.this) {
                if (end >= 0) {
                    return;
                }
                end = now();
                current.remove(this);
                history.addLast(this);
                if (history.size() > HISTORY_LONG_SIZE) {
                    history.removeFirst();
                }
                summaries.computeIfAbsent(name, n -> new Summary()).add(end - start);
            }
        }

        private Object[] row() {
            long wait = (end < 0 ? now() : end) - start;
            return new Object[] {threadId, eventId, end < 0 ? null : eventId, name, source, start,
                    end < 0 ? null : end, wait, completed, estimated, null, null};
        }
    }

    /** Starts the stage {@code name} on the calling thread; {@code source} stands where MySQL names its file:line. */
    synchronized Stage begin(String name, String source, long workEstimated) {
        Stage stage = new Stage(name, source, workEstimated);
        current.add(stage);
        return stage;
    }

    VirtualTable currentTable() {
        return eventTable("events_stages_current").rows(this::currentRows);
    }

    VirtualTable historyLongTable() {
        return eventTable("events_stages_history_long").rows(this::historyLongRows);
    }

    VirtualTable summaryTable() {
        return VirtualTable.named("events_stages_summary_global_by_event_name").text("EVENT_NAME", 128)
                .unsigned("COUNT_STAR").unsigned("SUM_TIMER_WAIT").unsigned("MIN_TIMER_WAIT").unsigned("AVG_TIMER_WAIT")
                .unsigned("MAX_TIMER_WAIT").rows(this::summaryRows);
    }

    /** The columns of events_stages_current and events_stages_history_long, in MySQL's order. */
    private static VirtualTable.Builder eventTable(String name) {
        return VirtualTable.named(name).unsigned("THREAD_ID").unsigned("EVENT_ID").unsigned("END_EVENT_ID")
                .text("EVENT_NAME", 128).text("SOURCE", 64).unsigned("TIMER_START").unsigned("TIMER_END")
                .unsigned("TIMER_WAIT").unsigned("WORK_COMPLETED").unsigned("WORK_ESTIMATED").unsigned("NESTING_EVENT_ID")
                .text("NESTING_EVENT_TYPE", 11);
    }

    private synchronized List<Object[]> currentRows() {
        return current.stream().map(Stage::row).toList();
    }

    private synchronized List<Object[]> historyLongRows() {
        return history.stream().map(Stage::row).toList();
    }

    /** EVENT_NAME, COUNT_STAR, SUM_, MIN_, AVG_ and MAX_TIMER_WAIT. */
    private synchronized List<Object[]> summaryRows() {
        List<Object[]> rows = new ArrayList<>();
        summaries.forEach((name, s) -> rows.add(new Object[] {name, s.count, s.sum, s.min(), s.count == 0 ? 0L : s.sum / s.count, s.max}));
        return rows;
    }

    private long now() {
        return (System.nanoTime() - origin) * 1000;
    }

    private static final class Summary {
        private long count;
        private long sum;
        private long min = Long.MAX_VALUE;
        private long max;

        void add(long wait) {
            count++;
            sum += wait;
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }

        long min() {
            return count == 0 ? 0 : min;
        }
    }
}
