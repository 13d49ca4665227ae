package dev.hive.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.config.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A submission whose answer is a gateway's 5xx is sent again with the same {@code Idempotency-Key}, at most three
 * times, telling the user each time; a 4xx is not sent again. A local HTTP server plays the monitor behind a proxy.
 */
class ResendTest {

    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering {@code statuses} in turn (the last one from then on), with a run id when 2xx. */
    private MonitorClient answering(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            int n = requests.getAndIncrement();
            int status = statuses[Math.min(n, statuses.length - 1)];
            byte[] body = (status / 100 == 2
                            ? "{\"runId\": 7, \"ticket\": \"t\", \"socket\": \"/s\"}"
                            : "{\"error\": \"bad gateway " + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new MonitorClient(new Connection(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "t", null, false));
    }

    @Test
    void twoLostAnswersAreSentAgainWithTheSameKeyAndTheThirdIsTaken() throws IOException {
        MonitorClient client = answering(502, 504, 201);
        var notices = new ArrayList<String>();
        Resend resend = Resend.fresh(notices::add);

        JsonNode answer = client.submitByHash(client.json().createObjectNode().put("sha256", "x"), resend);

        assertThat(answer.get("runId").asLong()).isEqualTo(7);
        assertThat(keys).hasSize(3).containsOnly(resend.idempotencyKey());
        assertThat(notices)
                .containsExactly(
                        "POST /api/v1/runs got no answer (HTTP 502); sending it again with the same Idempotency-Key"
                                + " (attempt 2 of 3)",
                        "POST /api/v1/runs got no answer (HTTP 504); sending it again with the same Idempotency-Key"
                                + " (attempt 3 of 3)");
    }

    @Test
    void afterThreeAttemptsTheErrorIsTheUsualOne() throws IOException {
        MonitorClient client = answering(503);
        var notices = new ArrayList<String>();

        assertThatThrownBy(() -> client.submitByHash(
                        client.json().createObjectNode().put("sha256", "x"), Resend.fresh(notices::add)))
                .isInstanceOf(CliException.class)
                .hasMessage("the monitor is not available (503): bad gateway 2")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(requests.get()).isEqualTo(3);
        assertThat(notices).hasSize(2);
    }

    @Test
    void aRefusalIsNotSentAgain() throws IOException {
        MonitorClient client = answering(422);
        var notices = new ArrayList<String>();

        assertThatThrownBy(() -> client.submitByHash(
                        client.json().createObjectNode().put("sha256", "x"), Resend.fresh(notices::add)))
                .isInstanceOf(MonitorException.class);
        assertThat(requests.get()).isEqualTo(1);
        assertThat(notices).isEmpty();
    }
}
