package dev.hive.monitor.web;

import dev.hive.monitor.task.QueueFullException;
import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunRefusedException;
import dev.hive.monitor.task.RunState;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.RunOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/v1/runs}: a runner JAR (multipart part {@code runner}) or the SHA-256 of one the monitor
 * already holds (JSON body), plus options. Answers 201 {@code {"runId", "ticket"}}; the run waits (state
 * {@code queued}) until its WebSocket redeems the ticket. With an {@code Idempotency-Key} a repeat answers with the
 * first submission's run ({@link IdempotentSubmission}).
 */
final class RunSubmission {

    static final Set<String> RUNNER_TYPES =
            Set.of("application/java-archive", "application/x-java-archive", "application/octet-stream");

    record Submission(String sha256, RunOptions options, Provenance provenance) {}

    private final ApiDependencies deps;
    private final Executors executors;
    private final RunnerJars jars;
    private final RunOptionsParser options;
    private final RunJsonBodyParser jsonBody;
    private final ProvenanceParser provenance = new ProvenanceParser();
    private final IdempotentSubmission keyed;

    RunSubmission(ApiDependencies deps, Executors executors, RunnerJars jars) {
        this.deps = deps;
        this.executors = executors;
        this.jars = jars;
        this.options = new RunOptionsParser(deps.config().limits());
        this.jsonBody = new RunJsonBodyParser(options, provenance);
        this.keyed = new IdempotentSubmission(deps, executors);
    }

    void submit(RoutingContext ctx) {
        String type = Optional.ofNullable(ctx.request().getHeader("Content-Type"))
                .orElse("")
                .toLowerCase(Locale.ROOT);
        Future<Submission> submission;
        if (type.startsWith("multipart/form-data")) {
            submission = fromMultipart(ctx);
        } else if (type.startsWith("application/json")) {
            submission = fromJson(ctx);
        } else {
            throw HttpError.unsupportedMediaType("POST " + ApiServer.API
                    + "/runs takes multipart/form-data (parts 'runner' and 'options') or application/json"
                    + " ({\"sha256\": ..., \"options\": ...}), got '" + type + "'");
        }
        long tokenId = ctx.get(Authenticator.TOKEN_ID);
        Optional<String> key = IdempotentSubmission.key(ctx);
        submission
                .compose(s -> key.isPresent()
                        ? keyed.submit(
                                s, options.toJson(s.options()), tokenId, key.get(), this::admit, this::issueTicket)
                        : admit(s).compose(admitted -> createRun(admitted, tokenId)))
                .onSuccess(answer -> {
                    ctx.response().putHeader("Location", answer.location());
                    Responses.json(ctx, answer.status(), answer.body());
                })
                .onFailure(ctx::fail);
    }

    private Future<Submission> fromMultipart(RoutingContext ctx) {
        MultipartUpload.Body body = MultipartUpload.of(ctx);
        MultipartUpload.Part runner = null;
        MultipartUpload.Part optionsFile = null;
        MultipartUpload.Part provenanceFile = null;
        for (MultipartUpload.Part upload : body.files()) {
            switch (upload.name()) {
                case "runner" -> runner = only(runner, upload);
                case "options" -> optionsFile = only(optionsFile, upload);
                case "provenance" -> provenanceFile = only(provenanceFile, upload);
                default -> throw unexpectedPart(upload.name());
            }
        }
        for (String name : body.fields().names()) {
            if (name.equals("runner")) {
                throw HttpError.badRequest("the part 'runner' must be a file part (with a filename), not a field");
            }
            if (!name.equals("options") && !name.equals("provenance")) {
                throw unexpectedPart(name);
            }
        }
        String optionsText = field(body, "options", optionsFile);
        String provenanceText = field(body, "provenance", provenanceFile);
        if (runner == null) {
            throw HttpError.badRequest(
                    "the part 'runner' is missing: send the runner JAR as a file part named 'runner'");
        }
        checkType("runner", runner, RUNNER_TYPES);
        if (optionsFile != null) {
            checkType("options", optionsFile, Set.of("application/json"));
        }
        if (provenanceFile != null) {
            checkType("provenance", provenanceFile, Set.of("application/json"));
        }
        Path runnerPath = runner.file();
        Optional<Path> optionsPath = Optional.ofNullable(optionsFile).map(MultipartUpload.Part::file);
        Optional<Path> provenancePath = Optional.ofNullable(provenanceFile).map(MultipartUpload.Part::file);
        return executors.file(() -> {
            RunOptions parsed = optionsPath.isPresent()
                    ? options.parse(Files.readString(optionsPath.get()))
                    : optionsText != null ? options.parse(optionsText) : options.defaults();
            Provenance from = provenancePath.isPresent()
                    ? provenance.parse(Files.readString(provenancePath.get()))
                    : provenanceText != null ? provenance.parse(provenanceText) : Provenance.NONE;
            return new Submission(jars.keep(runnerPath), parsed, from);
        });
    }

    /** The plain field {@code name}, null when absent; sent at most once, as a field or a file part. */
    private static String field(MultipartUpload.Body body, String name, MultipartUpload.Part file) {
        List<String> values = body.fields().getAll(name);
        if (values.size() > 1 || (!values.isEmpty() && file != null)) {
            throw HttpError.badRequest("the part '" + name + "' was sent more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private Future<Submission> fromJson(RoutingContext ctx) {
        Submission parsed = jsonBody.parse(ctx.body().asString());
        String sha256 = parsed.sha256();
        return executors.file(() -> jars.holds(sha256)).map(held -> {
            if (!held) {
                throw new HttpError(
                        409,
                        "the monitor does not hold runner JAR " + sha256
                                + "; send it as multipart/form-data with a 'runner' part",
                        new JsonObject().put("upload", true));
            }
            return parsed;
        });
    }

    /** Refuses at once a run that cannot be served (e.g. no live rack of the fleet offers its targets). */
    private Future<Submission> admit(Submission s) {
        return executors.file(() -> {
            try {
                deps.runControl().admit(s.options());
                return s;
            } catch (RunRefusedException e) {
                JsonObject extra = new JsonObject();
                if (!e.targets().isEmpty()) {
                    extra.put("targets", new io.vertx.core.json.JsonArray(e.targets()));
                }
                throw new HttpError(e.status(), e.getMessage(), extra);
            }
        });
    }

    private Future<IdempotentSubmission.Answer> createRun(Submission s, long tokenId) {
        String optionsJson = options.toJson(s.options());
        return executors
                .write(() -> deps.runs().createQueued(optionsJson, s.sha256(), Optional.of(tokenId), s.provenance()))
                .compose(run -> issueTicket(run)
                        .map(body ->
                                new IdempotentSubmission.Answer(201, body, IdempotentSubmission.location(run.id()))));
    }

    private Future<JsonObject> issueTicket(Run run) {
        try {
            String ticket = deps.tickets().issue(run.id());
            return Future.succeededFuture(new JsonObject()
                    .put("runId", run.id())
                    .put("ticket", ticket)
                    .put("socket", ApiServer.API + "/runs/socket?ticket=" + ticket));
        } catch (QueueFullException e) {
            return executors
                    .write(() -> deps.runs().transition(run.id(), RunState.CANCELLED, Optional.of(e.getMessage())))
                    .transform(ar -> Future.failedFuture(e));
        }
    }

    private static MultipartUpload.Part only(MultipartUpload.Part earlier, MultipartUpload.Part upload) {
        if (earlier != null) {
            throw HttpError.badRequest("the part '" + upload.name() + "' was sent more than once");
        }
        return upload;
    }

    private static HttpError unexpectedPart(String name) {
        return HttpError.badRequest(
                "unexpected part '" + name + "'; a run takes the parts 'runner', 'options' and 'provenance'");
    }

    private static void checkType(String part, MultipartUpload.Part upload, Set<String> allowed) {
        String type = Optional.ofNullable(upload.contentType())
                .orElse("")
                .split(";")[0]
                .trim();
        if (!allowed.contains(type)) {
            throw HttpError.unsupportedMediaType("the part '" + part + "' must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + ", got '" + type + "'");
        }
    }
}
