package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hive.cli.ExitCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: {@code hive test} whose submission reaches the monitor but whose answer is lost on the way back (a
 * loopback proxy the test owns closes the connection instead of passing the answer on). The CLI says so on standard
 * error, sends the submission again with the same {@code Idempotency-Key}, gets the run the first one made and
 * follows it: the monitor holds one run, which ran once.
 */
class SubmitRetryIT {

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static AnswerLosingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("it"));
        proxy = new AnswerLosingProxy(URI.create(monitor.url()).getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aLostAnswerIsSentAgainWithTheSameKeyAndTheRunExecutesOnce() throws Exception {
        HiveProcess hive =
                HiveProcess.against(monitor, "it", dir.resolve("user")).env("HIVE_URL", proxy.url());

        HiveProcess.Result result =
                hive.run("test", Fixtures.fixture("failing-test").toString(), "--include-targets", "lm3s*");

        assertThat(proxy.lostAnAnswer())
                .as("the proxy lost the submission's answer")
                .isTrue();
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(result.err())
                .as(result.all())
                .containsOnlyOnce("got no answer (")
                .contains("sending it again with the same Idempotency-Key (attempt 2 of 3)");
        assertThat(result.out()).contains("expected: <4> but was: <3>");
        JsonNode runs = runs();
        assertThat(runs.get("total").asInt())
                .as("one run for both submissions: " + runs)
                .isEqualTo(1);
        JsonNode run = runs.get("runs").get(0);
        assertThat(run.get("state").asText()).isEqualTo("finished");
        assertThat(result.out()).contains("Run " + run.get("id").asLong() + " submitted");
    }

    private static JsonNode runs() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(monitor.url() + "/api/v1/runs"))
                                .header("Authorization", "Bearer " + monitor.token("it"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
