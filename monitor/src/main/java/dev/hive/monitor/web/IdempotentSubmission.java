package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import dev.hive.monitor.task.SubmissionKeys;
import dev.hive.monitor.task.SubmissionKeys.Claim;
import dev.hive.protocol.run.Provenance;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code POST /api/v1/runs} with an {@code Idempotency-Key} header: the first submission with a key makes the run,
 * a repeat of it by the same token within {@link SubmissionKeys#WINDOW} answers with that run (and a fresh ticket
 * while its socket was never opened) instead of making a second one, and the key sent with another submission is
 * refused. A client that lost the answer to its submission (a reset connection, a proxy's 502) sends it again
 * without running the tests twice.
 */
final class IdempotentSubmission {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    /** The answer to a submission: status, JSON body and the run's address. */
    record Answer(int status, JsonObject body, String location) {}

    /** What the write step found or made: a run made now, or the claim another submission of the key made. */
    private record Made(Run run, Claim earlier) {}

    private final ApiDependencies deps;
    private final Executors executors;
    private final SubmissionKeys keys;

    IdempotentSubmission(ApiDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
        this.keys = new SubmissionKeys(deps.database(), Clock.systemUTC());
    }

    /** The request's key, empty without the header; 400 when it is not 1 to 255 printable ASCII characters. */
    static Optional<String> key(RoutingContext ctx) {
        String key = ctx.request().getHeader(HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw HttpError.badRequest(HEADER + " must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters without spaces (e.g. a UUID)");
        }
        return Optional.of(key);
    }

    /**
     * Makes the run of {@code s} unless {@code key} made one already: {@code admit} refuses a run that cannot be
     * served, {@code ticket} hands out the new run's ticket (and fails with {@link QueueFullException} when too many
     * are outstanding, in which case the key is forgotten, as its run is).
     */
    Future<Answer> submit(
            RunSubmission.Submission s,
            String optionsJson,
            long tokenId,
            String key,
            Function<RunSubmission.Submission, Future<RunSubmission.Submission>> admit,
            Function<Run, Future<JsonObject>> ticket) {
        String hash = hash(s.sha256(), optionsJson, s.provenance());
        return executors.write(() -> keys.find(tokenId, key)).compose(found -> {
            if (found.isPresent()) {
                return repeat(found.get(), hash, key);
            }
            return admit.apply(s)
                    .compose(admitted -> executors.write(() -> {
                        Optional<Claim> raced = keys.find(tokenId, key);
                        if (raced.isPresent()) {
                            return new Made(null, raced.get());
                        }
                        Run run =
                                deps.runs().createQueued(optionsJson, s.sha256(), Optional.of(tokenId), s.provenance());
                        keys.record(tokenId, key, hash, run.id());
                        return new Made(run, null);
                    }))
                    .compose(made -> made.run() == null
                            ? repeat(made.earlier(), hash, key)
                            : ticket.apply(made.run())
                                    .map(body -> new Answer(
                                            201, body, location(made.run().id())))
                                    .recover(e -> e instanceof QueueFullException
                                            ? executors
                                                    .write(() -> {
                                                        keys.forget(tokenId, key);
                                                        return null;
                                                    })
                                                    .transform(ignored -> Future.failedFuture(e))
                                            : Future.failedFuture(e)));
        });
    }

    /** The answer to a repeat: 200 with the earlier run, or 422 when the key came with another submission. */
    private Future<Answer> repeat(Claim earlier, String hash, String key) {
        long runId = earlier.runId();
        if (!earlier.requestHash().equals(hash)) {
            return Future.failedFuture(new HttpError(
                    422,
                    "the " + HEADER + " '" + key + "' was sent with another submission (run " + runId
                            + "): a different runner JAR, options or provenance; a new run needs a new key",
                    new JsonObject().put("runId", runId)));
        }
        return executors.read(() -> deps.runs().find(runId).orElseThrow()).map(run -> {
            JsonObject body = new JsonObject()
                    .put("runId", runId)
                    .put("state", run.state().dbName())
                    .put("repeated", true);
            if (run.state() == RunState.QUEUED) {
                deps.tickets().reissue(runId).ifPresent(ticket -> body.put("ticket", ticket)
                        .put("socket", ApiServer.API + "/runs/socket?ticket=" + ticket));
            }
            return new Answer(200, body, location(runId));
        });
    }

    static String location(long runId) {
        return ApiServer.API + "/runs/" + runId;
    }

    /** The SHA-256 of what a submission asks for: the runner JAR, the options as stored, the provenance. */
    static String hash(String runnerSha256, String optionsJson, Provenance provenance) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String text = runnerSha256 + "\n" + optionsJson + "\n" + provenance;
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
