package dev.hive.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user sees when the monitor is not there or refuses the token: exit 4, one clear line, no stack trace. */
class MonitorClientErrorsTest {

    @TempDir
    Path home;

    @Test
    void anUnreachableMonitorIsExit4WithoutAStackTrace() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun.Result result = new CliRun(home)
                .env("HIVE_URL", "http://127.0.0.1:" + port)
                .env("HIVE_TOKEN", "t")
                .run("list");

        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.err())
                .contains("cannot reach the monitor at http://127.0.0.1:" + port)
                .contains("connection refused")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void stacktraceShowsWhere() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun.Result result = new CliRun(home)
                .env("HIVE_URL", "http://127.0.0.1:" + port)
                .env("HIVE_TOKEN", "t")
                .run("list", "--stacktrace");

        assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(result.err()).contains("\tat ");
    }

    @Test
    void aRefusedTokenIsExit4WithTheMonitorsMessage() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body =
                    "{\"error\": \"the API token has been revoked\", \"status\": 401}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            CliRun.Result result = new CliRun(home)
                    .env("HIVE_URL", "http://127.0.0.1:" + server.getAddress().getPort())
                    .env("HIVE_TOKEN", "revoked")
                    .run("runs");

            assertThat(result.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(result.err()).contains("refused the API token").contains("the API token has been revoked");
        } finally {
            server.stop(0);
        }
    }
}
