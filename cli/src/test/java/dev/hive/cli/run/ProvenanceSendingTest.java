package dev.hive.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.config.Connection;
import dev.hive.cli.report.Console;
import dev.hive.protocol.run.Provenance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provenance goes with a submission, and a run still gets submitted to a monitor older than provenance. No such
 * monitor can be started from this build, so a small HTTP server answers as its {@code RunJsonBodyParser} did
 * (400 {@code unexpected field 'provenance'; a run takes 'sha256' and 'options'}).
 */
class ProvenanceSendingTest {

    static final Provenance PROVENANCE = new Provenance("g:a:1", "abcdef0", "main", false, null, null);

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final StringWriter printed = new StringWriter();
    MonitorClient client;
    Console console;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            boolean old = body.contains("\"provenance\"");
            byte[] answer = (old
                            ? "{\"error\":\"unexpected field 'provenance'; a run takes 'sha256' and 'options'\",\"status\":400}"
                            : "{\"runId\":7,\"ticket\":\"t\",\"socket\":\"/api/v1/runs/socket?ticket=t\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(old ? 400 : 201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        client = new MonitorClient(new Connection(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token", null, false));
        console = new Console(new PrintWriter(printed, true), new PrintWriter(new StringWriter(), true), false);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aMonitorThatDoesNotKnowProvenanceGetsTheRunAgainWithoutIt() {
        ProvenanceSending sending = new ProvenanceSending(client, console, PROVENANCE);
        ObjectNode submission = client.json().createObjectNode().put("sha256", "0".repeat(64));
        sending.addTo(submission);

        JsonNode answer = sending.submit(client::submitByHash, submission);

        assertThat(answer.path("runId").asLong()).isEqualTo(7);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).contains("\"provenance\":{\"candidate\":\"g:a:1\"");
        assertThat(bodies.get(1)).doesNotContain("provenance");
        assertThat(printed.toString()).contains("does not store a run's provenance; sent without it");
    }

    @Test
    void nothingToSayAddsNoField() {
        ObjectNode submission = client.json().createObjectNode();
        new ProvenanceSending(client, console, Provenance.NONE).addTo(submission);
        assertThat(submission.has("provenance")).isFalse();
    }
}
