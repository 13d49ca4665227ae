package dev.hive.monitor.web;

import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.RunEventCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The events of one run as its WebSocket sends them: numbered 1, 2, 3 ... ({@code seq}), encoded once, and kept
 * (at most {@link #MAX_EVENTS} events and {@link #MAX_BYTES} bytes; the oldest go first) so that a client whose
 * socket dropped can re-attach after the last number it saw and miss nothing. One socket listens at a time: a
 * re-attaching one replaces the one before. Thread-safe.
 */
final class RunJournal {

    /** The most events kept for one run. */
    static final int MAX_EVENTS = 10_000;

    /** The most bytes of encoded events kept for one run (4 MiB). */
    static final long MAX_BYTES = 4L << 20;

    private static final RunEventCodec CODEC = new RunEventCodec();

    /** One numbered frame. */
    record Frame(long seq, RunEvent event, String text) {}

    /** A socket listening to the run: it hears frames, and that another socket took its place. */
    interface Listener {
        void frame(Frame frame);

        void replaced();
    }

    private final long runId;
    private final long owner;
    private final int maxEvents;
    private final long maxBytes;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private long bytes;
    private long nextSeq = 1;
    private boolean dropped;
    private boolean listenedTo;
    private Listener listener;
    private long endedAtMillis = -1;

    RunJournal(long runId, long owner) {
        this(runId, owner, MAX_EVENTS, MAX_BYTES);
    }

    RunJournal(long runId, long owner, int maxEvents, long maxBytes) {
        this.runId = runId;
        this.owner = owner;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** The API token that opened the run's first socket. */
    long owner() {
        return owner;
    }

    /** Numbers, keeps and sends {@code event}. */
    synchronized void add(RunEvent event) {
        // The queue announces a new run's position before enqueue returns, but the task runner may take the run
        // and report its first phase in between: before anyone listened, the position still comes first.
        if (event instanceof Queued
                && !listenedTo
                && !dropped
                && frames.stream().noneMatch(f -> f.event() instanceof Queued)) {
            List<RunEvent> later = frames.stream().map(Frame::event).toList();
            frames.clear();
            bytes = 0;
            nextSeq = 1;
            append(event);
            later.forEach(this::append);
            return;
        }
        Frame frame = append(event);
        if (listener != null) {
            listener.frame(frame);
        }
    }

    private Frame append(RunEvent event) {
        long seq = nextSeq++;
        Frame frame = new Frame(seq, event, CODEC.encode(seq, event));
        frames.add(frame);
        bytes += frame.text().length();
        while (frames.size() > 1 && (frames.size() > maxEvents || bytes > maxBytes)) {
            bytes -= frames.removeFirst().text().length();
            dropped = true;
        }
        return frame;
    }

    /**
     * Whether the events after {@code after} are all still kept: false when older ones had to go to stay within
     * the bound and {@code after} is before the oldest kept.
     */
    synchronized boolean keeps(long after) {
        return after >= nextSeq - 1
                || !dropped
                || frames.isEmpty()
                || after >= frames.peekFirst().seq() - 1;
    }

    /** The number of the oldest event kept, or the next one when none is. */
    synchronized long oldest() {
        return frames.isEmpty() ? nextSeq : frames.peekFirst().seq();
    }

    /**
     * {@code listener} hears the kept events after {@code after}, then every new one, until another listener
     * attaches or it detaches. The one before hears {@link Listener#replaced()}.
     *
     * @return false (and nothing is sent) when the events after {@code after} are no longer all kept
     */
    synchronized boolean attach(long after, Listener next) {
        if (!keeps(after)) {
            return false;
        }
        Listener before = listener;
        listener = next;
        listenedTo = true;
        for (Frame f : frames) {
            if (f.seq() > after) {
                next.frame(f);
            }
        }
        if (before != null) {
            before.replaced();
        }
        return true;
    }

    /** {@code gone} stops listening (its socket closed); a later listener is not affected. */
    synchronized void detach(Listener gone) {
        if (listener == gone) {
            listener = null;
        }
    }

    /** Whether a socket listens now. */
    synchronized boolean attached() {
        return listener != null;
    }

    /** Marks the run ended at {@code nowMillis}; its events stay replayable for a while. */
    synchronized void end(long nowMillis) {
        if (endedAtMillis < 0) {
            endedAtMillis = nowMillis;
        }
    }

    /** Whether the run's end was added already. */
    synchronized boolean ended() {
        return endedAtMillis >= 0;
    }

    /** Whether the run ended before {@code cutoffMillis}. */
    synchronized boolean endedBefore(long cutoffMillis) {
        return endedAtMillis >= 0 && endedAtMillis < cutoffMillis;
    }

    long runId() {
        return runId;
    }
}
