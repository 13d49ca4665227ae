package dev.hive.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.build.BuiltRunner;
import dev.hive.cli.client.MonitorClient;
import dev.hive.cli.client.MonitorException;
import dev.hive.cli.command.RunFilterOptions;
import dev.hive.cli.config.Connection;
import dev.hive.cli.report.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hive test --rack ID}: the rack goes in the run's options of the submission, and a front's refusal (422
 * naming the rack) reaches the user. A small HTTP server stands for the front and answers as its admission does
 * for a rack that is not live; the front's own behaviour is {@code FleetRunIT}'s.
 */
class RackPinSendingTest {

    @Command(name = "test")
    static final class Holder {
        @Mixin
        RunFilterOptions options;
    }

    static final String REFUSAL =
            "the run is pinned to rack rack-z, which is not a live rack of the fleet" + " (live racks: rack-a, rack-b)";

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    MonitorClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/runs", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("{\"error\":\"" + REFUSAL + "\",\"status\":422}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(422, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        client = new MonitorClient(new Connection(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token", null, false));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static RunFilterOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options;
    }

    @Test
    void theRackReachesTheSubmissionAndTheFrontsRefusalNamesIt() throws Exception {
        var options =
                parse("--rack", "rack-z", "--include-targets", "lm3s6965evb").toJson(client.json());
        var console = new Console(
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), false);
        var runner = new BuiltRunner(Path.of("runner.jar"), "0".repeat(64), 1, true, Duration.ZERO);

        assertThatThrownBy(() -> new RunSession(client, console, false).run(runner, options, null, null))
                .isInstanceOfSatisfying(
                        MonitorException.class,
                        e -> assertThat(e.error().status()).isEqualTo(422))
                .hasMessageContaining(REFUSAL);

        assertThat(bodies).hasSize(1);
        JsonNode sent = new ObjectMapper().readTree(bodies.get(0)).get("options");
        assertThat(sent.get("rack").asText()).isEqualTo("rack-z");
        assertThat(sent.get("targets").get("patterns").get(0).asText()).isEqualTo("lm3s6965evb");
    }

    @Test
    void withoutRackTheOptionsHaveNoneAndABlankRackIsAUsageError() {
        assertThat(parse().toJson(new ObjectMapper()).has("rack")).isFalse();
        assertThatThrownBy(() -> parse("--rack", " ").toJson(new ObjectMapper()))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--rack");
    }
}
