package dev.hive.monitor.web;

import dev.hive.monitor.fleet.FleetShard;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.TestResult;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.TestOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of runs and results in the API. */
final class RunJson {

    private RunJson() {}

    static JsonObject run(Run run) {
        Run.Summary s = run.summary();
        JsonObject json = new JsonObject()
                .put("id", run.id())
                .put("state", run.state().dbName())
                .put("runnerSha256", run.runnerSha256())
                .put("options", new JsonObject(run.optionsJson()))
                .put("createdAt", run.createdAt().toString())
                .put("startedAt", time(run.startedAt()))
                .put("finishedAt", time(run.finishedAt()))
                .put(
                        "summary",
                        new JsonObject()
                                .put("passed", s.passed())
                                .put("failed", s.failed())
                                .put("skipped", s.skipped())
                                .put("errors", s.errors()));
        run.errorMessage().ifPresent(m -> json.put("error", m));
        return json.put("provenance", provenance(run.provenance()));
    }

    /** The run's provenance; fields the client did not send are left out. */
    static JsonObject provenance(Provenance p) {
        JsonObject json = new JsonObject();
        Optional.ofNullable(p.candidate()).ifPresent(v -> json.put("candidate", v));
        Optional.ofNullable(p.commit()).ifPresent(v -> json.put("commit", v));
        Optional.ofNullable(p.branch()).ifPresent(v -> json.put("branch", v));
        Optional.ofNullable(p.dirty()).ifPresent(v -> json.put("dirty", v));
        Optional.ofNullable(p.ciJobUrl()).ifPresent(v -> json.put("ciJobUrl", v));
        Optional.ofNullable(p.ciJobName()).ifPresent(v -> json.put("ciJobName", v));
        return json;
    }

    static JsonObject runWithResults(Run run, List<TestResult> results) {
        JsonArray array = new JsonArray();
        results.forEach(r -> array.add(result(r)));
        return run(run).put("results", array);
    }

    /** A fleet run's shards ({@code shards}, docs/api.md); nothing is added for a plain run. */
    static JsonObject withShards(JsonObject run, List<FleetShard> shards) {
        if (shards.isEmpty()) {
            return run;
        }
        JsonArray array = new JsonArray();
        for (FleetShard s : shards) {
            JsonArray attempts = new JsonArray();
            for (FleetShard.Attempt a : s.attempts()) {
                JsonObject attempt = new JsonObject()
                        .put("attempt", a.attempt())
                        .put("rack", a.rack())
                        .put("startedAt", a.startedAt().toString());
                a.endedAt().ifPresent(t -> attempt.put("endedAt", t.toString()));
                a.outcome().ifPresent(o -> attempt.put("outcome", o.dbName()));
                attempts.add(attempt);
            }
            JsonObject shard = new JsonObject().put("target", s.target());
            s.pinnedRack().ifPresent(r -> shard.put("pinnedRack", r));
            shard.put("state", s.state().dbName());
            s.error().ifPresent(e -> shard.put("error", e));
            array.add(shard.put("attempts", attempts));
        }
        return run.put("shards", array);
    }

    static JsonObject result(TestResult r) {
        JsonObject json = new JsonObject()
                .put("testId", r.testId())
                .put("displayName", r.displayName())
                .put("status", r.status().name());
        r.className().ifPresent(v -> json.put("className", v));
        r.methodName().ifPresent(v -> json.put("methodName", v));
        r.channel().ifPresent(v -> json.put("channel", v));
        r.probe().ifPresent(v -> json.put("probe", v));
        r.probeSerial().ifPresent(v -> json.put("probeSerial", v));
        r.stack().ifPresent(v -> json.put("stack", v));
        r.slot().ifPresent(v -> json.put("slot", v));
        r.target().ifPresent(v -> json.put("target", v));
        r.message().ifPresent(v -> json.put("message", v));
        r.stackTrace().ifPresent(v -> json.put("stackTrace", v));
        r.startedAt().ifPresent(v -> json.put("startedAt", v.toString()));
        r.duration().ifPresent(v -> json.put("durationMillis", v.toMillis()));
        r.failureType().ifPresent(v -> json.put("failureType", v));
        r.output().ifPresent(v -> json.put("output", output(v)));
        r.setup().ifPresent(v -> {
            json.put("rack", v.rack());
            v.testprogram().ifPresent(p -> json.put("testprogram", p));
            v.hiveUid().ifPresent(u -> json.put("hiveUid", u));
        });
        return json;
    }

    private static JsonObject output(TestOutput output) {
        JsonArray reports = new JsonArray();
        output.reports()
                .forEach(e -> reports.add(new JsonObject().put("key", e.key()).put("value", e.value())));
        return new JsonObject()
                .put("stdout", output.stdout())
                .put("stderr", output.stderr())
                .put("reports", reports);
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
