package dev.hive.monitor.web;

import dev.hive.monitor.fleet.FleetShard;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunFilter;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.Provenance;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Run history, one run with its results, its JUnit XML, and cancelling it. */
final class RunRoutes {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private record Page(List<Run> runs, int total) {}

    private record RunAndResults(Run run, List<TestResult> results, List<FleetShard> shards) {}

    private record Answer(int status, JsonObject body) {}

    private final ApiDependencies deps;
    private final Executors executors;

    RunRoutes(ApiDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void list(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        RunFilter filter = new RunFilter(
                Set.of(),
                textParam(ctx, "candidate", Provenance.MAX_CANDIDATE),
                textParam(ctx, "branch", Provenance.MAX_BRANCH));
        executors
                .read(() -> new Page(
                        deps.runs().list(limit, offset, filter), deps.runs().count(filter)))
                .onSuccess(page -> {
                    JsonArray runs = new JsonArray();
                    page.runs().forEach(r -> runs.add(RunJson.run(r)));
                    Responses.json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("runs", runs)
                                    .put("total", page.total())
                                    .put("limit", limit)
                                    .put("offset", offset));
                })
                .onFailure(ctx::fail);
    }

    void show(RoutingContext ctx) {
        load(runId(ctx))
                .onSuccess(found -> Responses.json(
                        ctx,
                        200,
                        RunJson.withShards(RunJson.runWithResults(found.run(), found.results()), found.shards())
                                .put(
                                        "queuePosition",
                                        deps.queue().position(found.run().id()))))
                .onFailure(ctx::fail);
    }

    void junit(RoutingContext ctx) {
        load(runId(ctx))
                .map(found -> JunitXml.render(found.run(), found.results()))
                .onSuccess(xml -> ctx.response()
                        .putHeader("Content-Type", "application/xml; charset=utf-8")
                        .end(xml))
                .onFailure(ctx::fail);
    }

    /**
     * A run waiting in the queue (or for its socket) is cancelled at once (200); a running one is handed to
     * the task runner (202); an ended one cannot be cancelled (409).
     */
    void cancel(RoutingContext ctx) {
        long id = runId(ctx);
        executors
                .read(() -> deps.runs().find(id).orElseThrow(() -> HttpError.notFound("there is no run " + id)))
                .compose(run -> cancel(run, Boolean.parseBoolean(ctx.request().getParam("ifQueued"))))
                .onSuccess(answer -> Responses.json(ctx, answer.status(), answer.body()))
                .onFailure(ctx::fail);
    }

    /**
     * @param onlyIfQueued cancel only a run waiting in the queue: a run the task runner has taken (or is about to)
     *     is left going with 409, so a client that lets go of a queued run never stops one that just started
     */
    private Future<Answer> cancel(Run run, boolean onlyIfQueued) {
        if (run.state().isFinal()) {
            return Future.failedFuture(new HttpError(
                    409,
                    "run " + run.id() + " has already ended (" + run.state().dbName() + ")"));
        }
        boolean wasQueued = deps.queue().cancel(run.id());
        if (!wasQueued && onlyIfQueued) {
            return Future.failedFuture(
                    new HttpError(409, "run " + run.id() + " is not waiting in the queue; it was not cancelled"));
        }
        if (!wasQueued && run.state() == RunState.RUNNING) {
            if (!deps.runControl().cancel(run.id())) {
                return Future.failedFuture(
                        new HttpError(409, "run " + run.id() + " is ending; it can no longer be cancelled"));
            }
            return Future.succeededFuture(
                    new Answer(202, new JsonObject().put("runId", run.id()).put("state", "cancelling")));
        }
        String reason = "cancelled through the API";
        return executors
                .write(() -> deps.runs().transition(run.id(), RunState.CANCELLED, Optional.of(reason)))
                // The run's socket (if it is open) hears its end and closes, as for any other end.
                .onSuccess(
                        r -> deps.events().finished(r.id(), RunState.CANCELLED, Run.Summary.EMPTY, Optional.of(reason)))
                .map(r -> new Answer(
                        200,
                        new JsonObject()
                                .put("runId", r.id())
                                .put("state", r.state().dbName())));
    }

    private Future<RunAndResults> load(long id) {
        return executors.read(() -> {
            Run run = deps.runs().find(id).orElseThrow(() -> HttpError.notFound("there is no run " + id));
            List<FleetShard> shards = deps.fleet().get().map(f -> f.shards(id)).orElse(List.of());
            return new RunAndResults(run, deps.results().listByRun(id), shards);
        });
    }

    static long runId(RoutingContext ctx) {
        String raw = ctx.pathParam("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest("a run id is a positive whole number, got '" + raw + "'");
    }

    /** An optional text filter, at most {@code max} characters. */
    private static Optional<String> textParam(RoutingContext ctx, String name, int max) {
        String raw = ctx.request().getParam(name);
        if (raw != null && raw.length() > max) {
            throw HttpError.badRequest(name + " must be at most " + max + " characters, got " + raw.length());
        }
        return Optional.ofNullable(raw).filter(v -> !v.isBlank());
    }

    private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.request().getParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
    }
}
