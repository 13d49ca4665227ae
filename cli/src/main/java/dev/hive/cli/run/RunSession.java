package dev.hive.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.Interrupts;
import dev.hive.cli.build.BuiltRunner;
import dev.hive.cli.ci.GitHubActions;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.client.MonitorException;
import dev.hive.cli.client.Resend;
import dev.hive.cli.report.Console;
import dev.hive.cli.report.ResultTable;
import dev.hive.cli.trace.CliTrace;
import dev.hive.cli.trace.CliTrace.Step;
import dev.hive.protocol.events.LogLine;
import dev.hive.protocol.events.PhaseChanged;
import dev.hive.protocol.events.Queued;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.RunEvent;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.events.TestStarted;
import dev.hive.protocol.run.Provenance;
import dev.hive.protocol.run.TestResult;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Submits a runner JAR and follows its run to the end. The JAR's hash goes first; the JAR itself only when the
 * monitor does not hold it. Ctrl-C while the run is queued cancels it; while it runs, the run goes on and the user is
 * told how to fetch its results.
 */
public final class RunSession {

    private enum Stage {
        SUBMITTED,
        RUNNING,
        ENDED
    }

    private final MonitorClient client;
    private final Console console;
    private final boolean verbose;
    private final Provenance provenance;
    private final Optional<GitHubActions> github;
    private final Interrupts interrupts;
    private volatile Stage stage = Stage.SUBMITTED;
    private volatile long runId;
    private volatile WebSocket ws;

    /** The close status of a socket that another socket of the same run replaced (another client re-attached). */
    private static final int REPLACED = 4000;

    /** Silence on the run's socket after which the CLI pings the monitor, each second. */
    private static final java.time.Duration PING_AFTER = java.time.Duration.ofSeconds(3);

    /** Silence (not even a pong) after which the CLI takes the socket as dropped and re-attaches. */
    private static final java.time.Duration DEAD_AFTER = java.time.Duration.ofSeconds(15);

    private static final java.time.Duration AWAIT_END_POLL = java.time.Duration.ofSeconds(2);

    public RunSession(MonitorClient client, Console console, boolean verbose) {
        this(client, console, verbose, Provenance.NONE);
    }

    /** A session that sends {@code provenance} with the run. */
    public RunSession(MonitorClient client, Console console, boolean verbose, Provenance provenance) {
        this(client, console, verbose, provenance, Optional.empty(), Interrupts.SHUTDOWN_HOOKS);
    }

    /**
     * A session that sends {@code provenance} with the run and, on GitHub Actions, reports there too; Ctrl-C is what
     * {@code interrupts} says it is (a shutdown hook, or a cancel from a client of the CLI's daemon).
     */
    public RunSession(
            MonitorClient client,
            Console console,
            boolean verbose,
            Provenance provenance,
            Optional<GitHubActions> github,
            Interrupts interrupts) {
        this.client = client;
        this.console = console;
        this.verbose = verbose;
        this.provenance = provenance;
        this.github = github;
        this.interrupts = interrupts;
    }

    /** Runs {@code runner} with {@code options}; returns the exit code. */
    public int run(BuiltRunner runner, ObjectNode options, Path junit, Path json) {
        JsonNode submitted = submit(runner, options);
        CliTrace.mark(Step.SUBMITTED);
        runId = submitted.path("runId").asLong();
        console.line("Run " + runId + " submitted to " + client.url());
        if (!submitted.hasNonNull("socket")) {
            // A repeat of a lost submission whose run no longer waits for its socket (docs/api.md).
            throw CliException.unavailable(
                    "the monitor answered with run " + runId + ", already "
                            + submitted.path("state").asText()
                            + ", whose WebSocket can no longer be opened; see 'hive result " + runId + "'",
                    null);
        }
        try (Interrupts.Registration ctrlC = interrupts.onInterrupt(this::interrupted)) {
            RunSocket socket = new RunSocket();
            ws = client.openSocket(submitted.path("socket").asText(), socket);
            CliTrace.mark(Step.SOCKET_OPEN);
            follow(socket);
            CliTrace.mark(Step.RUN_ENDED);
            stage = Stage.ENDED;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            JsonNode run = client.get("/api/v1/runs/" + runId);
            CliTrace.mark(Step.RUN_FETCHED);
            int code = RunOutcome.report(client, console, runId, run, junit, json, verbose, github);
            CliTrace.mark(Step.REPORTED);
            return code;
        } finally {
            stage = Stage.ENDED;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    private JsonNode submit(BuiltRunner runner, ObjectNode options) {
        ObjectNode byHash = client.json().createObjectNode();
        byHash.put("sha256", runner.sha256());
        byHash.set("options", options);
        ProvenanceSending sending = new ProvenanceSending(client, console, provenance);
        sending.addTo(byHash);
        // One key for this invocation: a submission whose answer was lost is sent again and makes no second run.
        Resend resend = Resend.fresh(console::error);
        try {
            JsonNode answer = sending.submit(json -> client.submitByHash(json, resend), byHash);
            console.line("The monitor already holds this runner ("
                    + runner.sha256().substring(0, 12) + "), not" + " sending it again");
            return answer;
        } catch (MonitorException e) {
            if (e.error().status() != 409
                    || e.error().body() == null
                    || !e.error().body().path("upload").asBoolean()) {
                throw e;
            }
        }
        String label = "Uploading the runner";
        if (!console.terminal()) {
            console.line(label + " (" + Console.bytes(runner.size()) + ")");
        }
        JsonNode answer = sending.submit(
                json -> client.upload(
                        runner.jar(),
                        options.toString(),
                        json.has("provenance") ? json.get("provenance").toString() : null,
                        console.uploadBar(label),
                        resend),
                byHash);
        console.clearProgress();
        if (console.terminal()) {
            console.line("Uploaded the runner (" + Console.bytes(runner.size()) + ")");
        }
        return answer;
    }

    /**
     * Prints the run's events as they come until it ends. A socket that drops is re-attached after the last event
     * seen (each event is shown once); when the monitor no longer keeps the events, waits for the run's end with
     * {@code GET /api/v1/runs/{id}} instead.
     */
    private void follow(RunSocket first) {
        RunSocket socket = first;
        SocketReattach reattach = new SocketReattach(client, console, runId);
        long seen = 0;
        int position = -1;
        java.util.Set<String> printed = new java.util.HashSet<>();
        while (true) {
            RunSocket.Signal signal;
            try {
                signal = socket.next(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.UNAVAILABLE, "interrupted while following run " + runId);
            }
            if (signal == null) {
                watch(socket);
                continue;
            }
            if (signal instanceof RunSocket.Closed || signal instanceof RunSocket.Failed) {
                String why = signal instanceof RunSocket.Closed closed
                        ? "the monitor closed the run's WebSocket (" + closed.status() + " " + closed.reason() + ")"
                        : "the connection to the monitor broke: "
                                + ((RunSocket.Failed) signal).error().getMessage();
                if (signal instanceof RunSocket.Closed closed && closed.status() == REPLACED) {
                    throw lost(why);
                }
                ws.abort();
                socket = new RunSocket();
                Optional<WebSocket> again = reattach.reattach(why, seen, socket);
                if (again.isEmpty()) {
                    awaitEnd();
                    printMissed(printed);
                    return;
                }
                ws = again.get();
                continue;
            }
            RunSocket.Event framed = (RunSocket.Event) signal;
            CliTrace.mark(Step.FIRST_EVENT);
            if (framed.seq() > 0) {
                if (framed.seq() <= seen) {
                    continue; // replayed after a re-attach: shown already
                }
                seen = framed.seq();
            }
            RunEvent event = framed.event();
            if (event instanceof Queued q) {
                if (q.position() != position) {
                    position = q.position();
                    console.line("Queued: position " + position);
                }
            } else if (event instanceof PhaseChanged p) {
                stage = Stage.RUNNING;
                console.line("Phase: " + p.phase());
            } else if (event instanceof TestStarted t) {
                stage = Stage.RUNNING;
                console.progress("running " + t.displayName() + " on "
                        + t.cell().target() + " @ " + t.cell().probe());
            } else if (event instanceof TestFinished f) {
                CliTrace.mark(Step.FIRST_RESULT);
                if (printed.add(key(f.result()))) {
                    console.line(ResultTable.live(f.result(), f.rack(), console));
                }
            } else if (event instanceof LogLine log) {
                if (verbose) {
                    console.line(console.dim("[" + log.source() + " " + log.level() + "] " + log.message()));
                }
            } else if (event instanceof RunEnded) {
                return;
            }
        }
    }

    /**
     * Called each second without an event: after {@link #PING_AFTER} of silence pings the monitor (it answers at
     * once), and after {@link #DEAD_AFTER} without even a pong takes the connection as dropped.
     */
    private void watch(RunSocket socket) {
        java.time.Duration silence = socket.silence();
        if (silence.compareTo(DEAD_AFTER) >= 0) {
            socket.giveUp(silence);
        } else if (silence.compareTo(PING_AFTER) >= 0) {
            socket.ping(ws);
        }
    }

    /**
     * After the events could not be re-attached (the monitor no longer kept them, e.g. a fleet front that restarted
     * and picked the run up again): prints the live line of each result the socket did not bring, so the console
     * still shows every result once.
     */
    private void printMissed(java.util.Set<String> printed) {
        JsonNode run = client.get("/api/v1/runs/" + runId);
        boolean fleet = !run.path("shards").isEmpty(); // a fleet run's lines name the rack of each result
        for (JsonNode r : run.path("results")) {
            TestResult result = RunRecords.result(r);
            if (printed.add(key(result))) {
                console.line(ResultTable.live(
                        result, fleet && r.hasNonNull("rack") ? r.get("rack").asText() : null, console));
            }
        }
    }

    /** A result's cell and test: each is printed once. */
    private static String key(TestResult r) {
        var c = r.cell();
        return c.target() + "\n" + c.channel() + "\n" + c.probeSerial() + "\n" + c.stack() + "\n" + c.slot() + "\n"
                + r.testId();
    }

    /** Polls {@code GET /api/v1/runs/{id}} until the run has ended. */
    private void awaitEnd() {
        while (true) {
            JsonNode run = client.get("/api/v1/runs/" + runId);
            String state = run.path("state").asText();
            if (!state.equals("queued") && !state.equals("running")) {
                return;
            }
            try {
                Thread.sleep(AWAIT_END_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.UNAVAILABLE, "interrupted while waiting for run " + runId);
            }
        }
    }

    private CliException lost(String what) {
        return new CliException(
                ExitCode.UNAVAILABLE, what + ". Run " + runId + " may go on; see it with: hive result " + runId);
    }

    /**
     * Cancels the run if it is still waiting in the queue. It may have started since this client last heard: the
     * monitor then leaves it going (409), and so does this. A run still waiting for its socket is cancelled.
     */
    private void cancelIfQueued() {
        try {
            client.delete("/api/v1/runs/" + runId + "?ifQueued=true");
            console.error("Cancelled run " + runId + " (it was still queued).");
            return;
        } catch (MonitorException e) {
            if (e.error().status() != 409) {
                console.error("Could not cancel run " + runId + ": " + e.getMessage());
                return;
            }
        } catch (RuntimeException e) {
            console.error("Could not cancel run " + runId + ": " + e.getMessage());
            return;
        }
        try {
            if (client.get("/api/v1/runs/" + runId).path("state").asText().equals("queued")) {
                client.delete("/api/v1/runs/" + runId);
                console.error("Cancelled run " + runId + " (it was still waiting for its socket).");
                return;
            }
        } catch (RuntimeException e) {
            console.error("Could not cancel run " + runId + ": " + e.getMessage());
            return;
        }
        goesOn();
    }

    private void goesOn() {
        console.error("Run " + runId + " goes on on the rack; fetch its results with: hive result " + runId);
    }

    /** Ctrl-C or a kill while following the run. */
    private void interrupted() {
        switch (stage) {
            case SUBMITTED -> cancelIfQueued();
            case RUNNING -> goesOn();
            case ENDED -> {}
        }
    }
}
