package dev.hive.cli.run;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.client.MonitorException;
import dev.hive.cli.report.Console;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;

/**
 * Re-attaches a run's WebSocket that dropped: {@code GET /api/v1/runs/{id}/socket?after=<seq>} with backoff (0.5 s,
 * doubling, at most {@link #MAX_DELAY} between tries), at most {@link #MAX_TRIES} tries and {@link #MAX_TOTAL} in all,
 * one line on stderr per try. A monitor that no longer keeps the events (410) is not asked again: the caller reads
 * the run with {@code GET /api/v1/runs/{id}} instead.
 */
final class SocketReattach {

    static final int MAX_TRIES = 8;
    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(8);
    static final Duration MAX_TOTAL = Duration.ofSeconds(60);

    private final MonitorClient client;
    private final Console console;
    private final long runId;

    SocketReattach(MonitorClient client, Console console, long runId) {
        this.client = client;
        this.console = console;
        this.runId = runId;
    }

    /**
     * A new socket of the run that sends the events after {@code after} to {@code listener}; empty when the
     * monitor no longer keeps them.
     *
     * @param why what happened to the socket before, for the user
     * @throws CliException (exit 4) when the tries or the time are used up, or the monitor refuses for good
     */
    Optional<WebSocket> reattach(String why, long after, WebSocket.Listener listener) {
        long start = System.nanoTime();
        Duration delay = FIRST_DELAY;
        String last = why;
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            if (spent.plus(delay).compareTo(MAX_TOTAL) > 0) {
                break;
            }
            console.error("hive: " + last + "; re-attaching to run " + runId + " after event " + after + " in "
                    + delay.toMillis() + " ms (try " + attempt + " of " + MAX_TRIES + ")");
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.UNAVAILABLE, "interrupted while re-attaching to run " + runId);
            }
            try {
                return Optional.of(client.openSocket(
                        "/api/v1/runs/" + runId + "/socket?after=" + after, listener, "re-attaching to run " + runId));
            } catch (MonitorException e) {
                int status = e.error().status();
                if (status == 410) {
                    console.error("hive: " + e.getMessage() + "; reading the run's results instead");
                    return Optional.empty();
                }
                if (status < 500 && status != 429) {
                    throw e;
                }
                last = e.getMessage();
            } catch (CliException e) {
                last = e.getMessage();
            }
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
        throw new CliException(
                ExitCode.UNAVAILABLE,
                "could not re-attach to run " + runId + " (" + last + "). Run " + runId
                        + " may go on; see it with: hive result " + runId);
    }
}
