package dev.hive.monitor.web.graphql;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunFilter;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.monitor.web.Executors;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestStatus;
import graphql.schema.DataFetchingEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/** Run history, one run with its results, the queue, and cancelling a run (as {@code DELETE /api/v1/runs/{id}}). */
final class RunFetchers {

    static final int MAX_PAGE = 200;

    record RunNode(
            String id,
            RunState state,
            String runnerSha256,
            String optionsJson,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Run.Summary summary,
            String error,
            int queuePosition,
            ProvenanceNode provenance) {
        static RunNode of(Run r, RunQueue queue) {
            return of(r, queue.position(r.id()));
        }

        static RunNode of(Run r, int queuePosition) {
            return new RunNode(
                    Long.toString(r.id()),
                    r.state(),
                    r.runnerSha256(),
                    r.optionsJson(),
                    r.createdAt(),
                    r.startedAt().orElse(null),
                    r.finishedAt().orElse(null),
                    r.summary(),
                    r.errorMessage().orElse(null),
                    queuePosition,
                    ProvenanceNode.of(r.provenance()));
        }
    }

    record ProvenanceNode(
            String candidate,
            String commit,
            String shortCommit,
            String branch,
            Boolean dirty,
            String ciJobUrl,
            String ciJobName) {
        static ProvenanceNode of(Provenance p) {
            return new ProvenanceNode(
                    p.candidate(), p.commit(), p.shortCommit(), p.branch(), p.dirty(), p.ciJobUrl(), p.ciJobName());
        }
    }

    record RunPageNode(List<RunNode> runs, int total) {}

    record TestResultNode(
            String testId,
            String displayName,
            String className,
            String methodName,
            Integer channel,
            String probe,
            String probeSerial,
            Integer stack,
            Integer slot,
            String target,
            TestStatus status,
            String message,
            String stackTrace,
            Instant startedAt,
            Integer durationMillis,
            String failureType,
            String stdout,
            String stderr,
            List<ReportEntry> reports,
            String rack) {
        static TestResultNode of(TestResult t) {
            return new TestResultNode(
                    t.testId(),
                    t.displayName(),
                    t.className().orElse(null),
                    t.methodName().orElse(null),
                    t.channel().orElse(null),
                    t.probe().orElse(null),
                    t.probeSerial().orElse(null),
                    t.stack().orElse(null),
                    t.slot().orElse(null),
                    t.target().orElse(null),
                    t.status(),
                    t.message().orElse(null),
                    t.stackTrace().orElse(null),
                    t.startedAt().orElse(null),
                    t.duration()
                            .map(Duration::toMillis)
                            .map(ms -> (int) Math.min(ms, Integer.MAX_VALUE))
                            .orElse(null),
                    t.failureType().orElse(null),
                    t.output().map(TestOutput::stdout).orElse(""),
                    t.output().map(TestOutput::stderr).orElse(""),
                    t.output().map(TestOutput::reports).orElse(List.of()),
                    t.setup().map(dev.hive.monitor.task.CellSetup::rack).orElse(null));
        }
    }

    private final GraphQLDependencies deps;
    private final Executors executors;

    RunFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("Run", RunNode.class)
                .node("RunPage", RunPageNode.class)
                .node("Summary", Run.Summary.class)
                .node("Provenance", ProvenanceNode.class)
                .node("TestResult", TestResultNode.class)
                .node("ReportEntry", ReportEntry.class);
        w.query("runs", Guard.USER, this::runs);
        w.query("run", Guard.USER, env -> {
            long id = Async.id(env, "id", "run");
            return load(id).thenApply(r -> r.orElse(null));
        });
        w.query("queue", Guard.USER, env -> queue());
        w.field("Run", "results", Guard.USER, env -> {
            long id = Long.parseLong(env.<RunNode>getSource().id());
            return read(() -> deps.results().listByRun(id).stream()
                    .map(TestResultNode::of)
                    .toList());
        });
        w.mutation("cancelRun", Guard.USER, this::cancel);
    }

    /**
     * The queue as it is now: the run on the rack (position 0), then the waiting runs, next first (positions from
     * 1). A run that has ended meanwhile is left out, as is one the database no longer holds.
     */
    CompletableFuture<List<RunNode>> queue() {
        return read(() -> {
            // The states are read before the positions: the task runner takes a run from the queue before it
            // marks it running, so a state read first never says running for a run the positions show waiting.
            Map<Long, Run> stored = new HashMap<>();
            RunQueue.Lineup before = deps.queue().lineup();
            Stream.concat(before.taken().stream(), before.waiting().stream())
                    .forEach(id -> deps.runs().find(id).ifPresent(r -> stored.put(id, r)));
            RunQueue.Lineup lineup = deps.queue().lineup();
            Function<Long, Optional<Run>> run = id ->
                    Optional.ofNullable(stored.get(id)).or(() -> deps.runs().find(id));
            List<RunNode> nodes = new ArrayList<>();
            lineup.taken().flatMap(run).ifPresent(r -> nodes.add(RunNode.of(r, 0)));
            for (int i = 0; i < lineup.waiting().size(); i++) {
                int position = i + 1;
                run.apply(lineup.waiting().get(i)).ifPresent(r -> nodes.add(RunNode.of(r, position)));
            }
            return nodes.stream().filter(n -> !n.state().isFinal()).toList();
        });
    }

    /** A run as it is stored now; empty when there is none. */
    CompletableFuture<Optional<RunNode>> load(long id) {
        return read(() -> deps.runs().find(id).map(r -> RunNode.of(r, deps.queue())));
    }

    private CompletableFuture<RunPageNode> runs(DataFetchingEnvironment env) {
        int limit = Async.bounded(env, "limit", 50, 1, MAX_PAGE);
        int offset = Async.bounded(env, "offset", 0, 0, Integer.MAX_VALUE);
        Map<String, Object> filter = env.getArgument("filter");
        Set<RunState> states = EnumSet.noneOf(RunState.class);
        if (filter != null && filter.get("states") instanceof List<?> list) {
            list.forEach(s -> states.add(RunState.valueOf(String.valueOf(s).toUpperCase(Locale.ROOT))));
        }
        RunFilter chosen = new RunFilter(
                states,
                text(filter, "candidate", Provenance.MAX_CANDIDATE),
                text(filter, "branch", Provenance.MAX_BRANCH));
        return read(() -> new RunPageNode(
                deps.runs().list(limit, offset, chosen).stream()
                        .map(r -> RunNode.of(r, deps.queue()))
                        .toList(),
                deps.runs().count(chosen)));
    }

    /** An optional text field of the filter, at most {@code max} characters. */
    private static Optional<String> text(Map<String, Object> filter, String field, int max) {
        Optional<String> value = Optional.ofNullable(filter).map(f -> (String) f.get(field));
        if (value.isPresent() && value.get().length() > max) {
            throw GraphQLRefusal.badInput("filter." + field + " must be at most " + max + " characters, got "
                    + value.get().length());
        }
        return value;
    }

    /**
     * A queued run leaves the queue and is cancelled at once; a running one is asked to stop (it ends
     * cancelled shortly, its state is still RUNNING in the answer); an ended one cannot be cancelled.
     */
    private CompletableFuture<RunNode> cancel(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "run");
        return read(() -> deps.runs().find(id).orElseThrow(() -> GraphQLRefusal.notFound("there is no run " + id)))
                .thenCompose(run -> {
                    if (run.state().isFinal()) {
                        throw new GraphQLRefusal(
                                GraphQLRefusal.Code.CONFLICT,
                                "run " + id + " has already ended ("
                                        + run.state().dbName() + ")");
                    }
                    boolean wasQueued = deps.queue().cancel(id);
                    if (!wasQueued && run.state() == RunState.RUNNING) {
                        if (!deps.control().cancel(id)) {
                            throw new GraphQLRefusal(
                                    GraphQLRefusal.Code.CONFLICT,
                                    "run " + id + " is ending; it can no longer be cancelled");
                        }
                        return CompletableFuture.completedFuture(RunNode.of(run, deps.queue()));
                    }
                    return Async.of(executors.write(() -> RunNode.of(
                            deps.runs().transition(id, RunState.CANCELLED, Optional.of("cancelled in the web UI")),
                            deps.queue())));
                });
    }

    private <T> CompletableFuture<T> read(java.util.concurrent.Callable<T> work) {
        return Async.of(executors.read(work));
    }
}
