package dev.hive.runner.schedule;

import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.rack.ChannelDescription;
import dev.hive.protocol.rack.RackDescription;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.channel.HiveContexts;
import dev.hive.runner.channel.SocketTestChannel;
import dev.hive.runner.schedule.RackPlan.StackPlan;
import dev.hive.runner.schedule.RackPlan.Visit;
import dev.hive.runner.suite.ChannelSuite;
import dev.hive.runner.suite.ResultSink;
import dev.hive.runner.suite.RunControl;
import dev.hive.runner.suite.Suite;
import dev.hive.runner.suite.TargetWatch;
import dev.hive.runner.trace.StartTrace;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One testchannel's thread: it visits every target of the plan, one stack at a time. It claims a free stack,
 * and for each target on it asks the monitor to connect, runs the whole suite, and disconnects; then it
 * releases the stack and takes the next free one. When all remaining stacks are held by other channels it waits
 * for one to be released. When the monitor refuses a connection, the channel leaves that stack, tries others
 * and comes back after a pause; after {@value #MAX_REFUSALS} refusals of one target its tests are reported as
 * errors.
 */
public final class ChannelWorker implements Runnable {

    static final int MAX_REFUSALS = 5;
    static final long REFUSAL_PAUSE_MILLIS = 50;
    static final long WAIT_FOR_STACK_MILLIS = 50;

    private final ChannelDescription channel;
    private final RackDescription rack;
    private final RackPlan plan;
    private final Shared shared;

    /** What all channel workers of a run share. */
    public record Shared(
            StackClaims claims,
            ActiveVisits visits,
            BusRequests bus,
            Suite suite,
            RunControl control,
            ResultSink sink,
            RunLog log,
            long testTimeoutMillis) {

        public Shared(
                ActiveVisits visits,
                BusRequests bus,
                Suite suite,
                RunControl control,
                ResultSink sink,
                RunLog log,
                long testTimeoutMillis) {
            this(new StackClaims(), visits, bus, suite, control, sink, log, testTimeoutMillis);
        }
    }

    /** A stack's targets this channel has still to visit. */
    private static final class StackTodo {
        final StackPlan stack;
        final List<Visit> remaining;
        final Map<Visit, Integer> refusals = new HashMap<>();
        long notBefore;

        StackTodo(StackPlan stack) {
            this.stack = stack;
            this.remaining = new ArrayList<>(stack.visits());
        }
    }

    private enum Outcome {
        DONE,
        REFUSED
    }

    public ChannelWorker(ChannelDescription channel, RackDescription rack, RackPlan plan, Shared shared) {
        this.channel = channel;
        this.rack = rack;
        this.plan = plan;
        this.shared = shared;
    }

    @Override
    public void run() {
        try (ChannelSuite tests = shared.suite().open("channel-" + channel.index(), shared.testTimeoutMillis())) {
            Deque<StackTodo> todo = initialOrder();
            while (!todo.isEmpty() && !shared.control().stopped()) {
                StackTodo next = claimNext(todo);
                if (next == null) {
                    shared.claims().awaitRelease(WAIT_FOR_STACK_MILLIS);
                    continue;
                }
                try {
                    visitStack(next, tests);
                } finally {
                    shared.claims().release(next.stack.index(), channel.index());
                }
                if (!next.remaining.isEmpty()) {
                    todo.addLast(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the link to the monitor broke; the runner ends the run and says why
        }
    }

    /** Channels start on different stacks, so that they spread over the rack from the first target on. */
    private Deque<StackTodo> initialOrder() {
        var stacks = new ArrayList<StackTodo>();
        plan.stacks().forEach(s -> stacks.add(new StackTodo(s)));
        if (!stacks.isEmpty()) {
            Collections.rotate(stacks, -(channel.index() % stacks.size()));
        }
        return new ArrayDeque<>(stacks);
    }

    /** The first stack in line that is due and free, claimed and taken out of line; null if there is none. */
    private StackTodo claimNext(Deque<StackTodo> todo) {
        long now = System.nanoTime();
        for (Iterator<StackTodo> it = todo.iterator(); it.hasNext(); ) {
            StackTodo candidate = it.next();
            if (candidate.notBefore - now <= 0 && shared.claims().tryClaim(candidate.stack.index(), channel.index())) {
                it.remove();
                return candidate;
            }
        }
        return null;
    }

    private void visitStack(StackTodo todo, ChannelSuite tests) throws IOException {
        for (Iterator<Visit> it = todo.remaining.iterator();
                it.hasNext() && !shared.control().stopped(); ) {
            Visit visit = it.next();
            Outcome outcome = visitTarget(visit, tests, todo);
            if (outcome == Outcome.REFUSED) {
                int refusals = todo.refusals.merge(visit, 1, Integer::sum);
                if (refusals < MAX_REFUSALS) {
                    todo.notBefore = System.nanoTime() + REFUSAL_PAUSE_MILLIS * refusals * 1_000_000;
                    return;
                }
            }
            it.remove();
        }
    }

    private Outcome visitTarget(Visit visit, ChannelSuite tests, StackTodo todo) throws IOException {
        Cell cell = cell(visit);
        if (visit.target().unavailable() != null) {
            String why = visit.target().unavailable();
            shared.log().log(Log.Level.INFO, channel.index(), "not visiting " + visit + ": " + why);
            shared.suite().reportAll(cell, TestStatus.SKIPPED, why, shared.sink());
            return Outcome.DONE;
        }
        if (!visit.target().flashOk()) {
            String why = "the testprogram could not be flashed onto "
                    + visit.target().name() + ": "
                    + (visit.target().flashMessage() == null
                            ? "no reason given"
                            : visit.target().flashMessage());
            shared.log().log(Log.Level.WARN, channel.index(), why + "; its tests are errors on this channel");
            shared.suite().reportAll(cell, TestStatus.ERROR, why, shared.sink());
            return Outcome.DONE;
        }
        var watch = new TargetWatch(shared.control());
        shared.visits().enter(visit.stack(), visit.slot(), watch);
        try {
            Connected answer = shared.bus().connect(channel.index(), visit.stack(), visit.slot());
            StartTrace.mark(StartTrace.Step.FIRST_CONNECT);
            if (!answer.ok()) {
                return refused(visit, cell, answer.error(), todo);
            }
            long start = System.nanoTime();
            try (var io = new SocketTestChannel(channel.index(), channel.uart(), rack.hasCapability("gpio"))) {
                tests.run(cell, HiveContexts.context(rack, channel.probe(), visit.target(), io), watch, shared.sink());
            } finally {
                Connected bye = shared.bus().disconnect(channel.index());
                if (!bye.ok()) {
                    shared.log().log(
                            Log.Level.WARN, channel.index(), "disconnecting from " + visit + ": " + bye.error());
                }
            }
            shared.log().log(
                    Log.Level.INFO,
                    channel.index(),
                    "ran the suite on " + visit + " in " + (System.nanoTime() - start) / 1_000_000 + " ms"
                            + watch.lost()
                                    .map(m -> "; the target was lost: " + m)
                                    .orElse(""));
            return Outcome.DONE;
        } finally {
            shared.visits().leave(visit.stack(), visit.slot(), watch);
        }
    }

    private Outcome refused(Visit visit, Cell cell, String error, StackTodo todo) {
        int refusals = todo.refusals.getOrDefault(visit, 0) + 1;
        if (refusals < MAX_REFUSALS) {
            shared.log().log(
                    Log.Level.DEBUG,
                    channel.index(),
                    "the monitor refused " + visit + " (" + error + "); trying other targets first");
            return Outcome.REFUSED;
        }
        String why = "channel " + channel.index() + " could not be connected to " + visit + " after " + MAX_REFUSALS
                + " attempts: " + error;
        shared.log().log(Log.Level.ERROR, channel.index(), why);
        shared.suite().reportAll(cell, TestStatus.ERROR, why, shared.sink());
        return Outcome.REFUSED;
    }

    private Cell cell(Visit visit) {
        return new Cell(
                channel.index(),
                channel.probe().identifier(),
                channel.probe().serial(),
                visit.stack(),
                visit.slot(),
                visit.target().name());
    }
}
