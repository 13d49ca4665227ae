package dev.hive.cli.client;

import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A run's submission sent again when its answer is lost: the connection failed (reset, timed out) or a proxy or the
 * monitor answered 500, 502, 503 or 504. Every attempt carries the same {@code Idempotency-Key}, so the monitor makes
 * one run however many reach it ({@code docs/api.md}). At most {@link #ATTEMPTS} attempts, a pause between them,
 * and a line for the user (on standard error) before each new one.
 *
 * @param idempotencyKey the key of this submission, one per {@code hive test}
 * @param notice told of each retry
 */
public record Resend(String idempotencyKey, Consumer<String> notice) {

    static final String HEADER = "Idempotency-Key";
    static final int ATTEMPTS = 3;
    private static final Set<Integer> LOST = Set.of(500, 502, 503, 504);

    /** A fresh key (a random UUID) with {@code notice}. */
    public static Resend fresh(Consumer<String> notice) {
        return new Resend(UUID.randomUUID().toString(), notice);
    }

    /** Sends what {@code request} builds until it is answered or {@link #ATTEMPTS} attempts failed. */
    String send(
            HttpClient http,
            Supplier<HttpRequest> request,
            String what,
            BiFunction<HttpResponse<String>, String, String> answer,
            Function<Throwable, CliException> unreachable) {
        for (int attempt = 1; ; attempt++) {
            String lost;
            try {
                HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                if (attempt == ATTEMPTS || !LOST.contains(response.statusCode())) {
                    return answer.apply(response, what);
                }
                lost = "HTTP " + response.statusCode();
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw unreachable.apply(e);
                }
                lost = MonitorClient.reason(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.UNAVAILABLE, what + " was interrupted", e);
            }
            notice.accept(what + " got no answer (" + lost + "); sending it again with the same " + HEADER
                    + " (attempt " + (attempt + 1) + " of " + ATTEMPTS + ")");
            pause(Duration.ofSeconds(attempt), what);
        }
    }

    private static void pause(Duration pause, String what) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, what + " was interrupted", e);
        }
    }
}
