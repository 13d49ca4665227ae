package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import dev.hive.protocol.events.RunFrame;
import dev.hive.protocol.run.RunPhase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's journal numbers its events, replays them after a number, and says when its bound dropped them. */
class RunJournalTest {

    private static final RunEventCodec CODEC = new RunEventCodec();

    /** Collects the numbers it hears and whether it was replaced. */
    private static final class Heard implements RunJournal.Listener {
        final List<Long> seqs = new ArrayList<>();
        final List<RunEvent> events = new ArrayList<>();
        boolean replaced;

        @Override
        public void frame(RunJournal.Frame frame) {
            RunFrame decoded = CODEC.decodeFrame(frame.text());
            assertThat(decoded.seq()).isEqualTo(frame.seq());
            assertThat(decoded.event()).isEqualTo(frame.event());
            seqs.add(frame.seq());
            events.add(frame.event());
        }

        @Override
        public void replaced() {
            replaced = true;
        }
    }

    private static LogLine line(int i) {
        return new LogLine(7, "runner", "INFO", "line " + i);
    }

    @Test
    void eventsAreNumberedFromOneAndAReattachHearsOnlyThoseAfterItsNumberThenLiveOnes() {
        RunJournal journal = new RunJournal(7, 1);
        Heard first = new Heard();
        assertThat(journal.attach(0, first)).isTrue();
        for (int i = 1; i <= 5; i++) {
            journal.add(line(i));
        }
        Heard again = new Heard();

        assertThat(journal.attach(3, again)).isTrue();
        journal.add(line(6));

        assertThat(first.seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(first.replaced).isTrue();
        assertThat(again.seqs).containsExactly(4L, 5L, 6L);
        assertThat(again.replaced).isFalse();
    }

    @Test
    void pastTheEventBoundTheOldestGoAndAReattachBeforeThemIsRefused() {
        RunJournal journal = new RunJournal(7, 1, 3, Long.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            journal.add(line(i));
        }

        assertThat(journal.oldest()).isEqualTo(3);
        assertThat(journal.keeps(1)).isFalse();
        assertThat(journal.keeps(2)).isTrue();
        Heard refused = new Heard();
        assertThat(journal.attach(1, refused)).isFalse();
        assertThat(refused.seqs).isEmpty();
        Heard kept = new Heard();
        assertThat(journal.attach(2, kept)).isTrue();
        assertThat(kept.seqs).containsExactly(3L, 4L, 5L);
    }

    @Test
    void pastTheByteBoundTheOldestGoToo() {
        long oneLine = CODEC.encode(1, line(1)).length();
        RunJournal journal = new RunJournal(7, 1, 1000, oneLine * 2);
        for (int i = 1; i <= 4; i++) {
            journal.add(line(i));
        }

        assertThat(journal.oldest()).isEqualTo(3);
        assertThat(journal.keeps(1)).isFalse();
        assertThat(journal.keeps(2)).isTrue();
    }

    @Test
    void theFirstQueuedPositionGoesFirstWhenAPhaseCameBeforeAnyoneListened() {
        RunJournal journal = new RunJournal(7, 1);
        journal.add(new PhaseChanged(7, RunPhase.PREPARING));
        journal.add(new Queued(7, 1));
        Heard heard = new Heard();

        journal.attach(0, heard);

        assertThat(heard.seqs).containsExactly(1L, 2L);
        assertThat(heard.events).containsExactly(new Queued(7, 1), new PhaseChanged(7, RunPhase.PREPARING));
    }
}
