package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.protocol.events.RunEnded;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/runs} with an {@code Idempotency-Key} on a real monitor with a virtual rack: the same
 * submission sent twice with one key is one run that executes once, the key with another submission is refused
 * with nothing stored, and two keys make two runs.
 */
class SubmissionKeyIT {

    @TempDir
    static Path dir;

    static LiveMonitor live;
    static String sha256;

    @BeforeAll
    static void start() throws Exception {
        live = LiveMonitor.start(dir.resolve("monitor"), "");
        Path runner = new FaultRunners(dir.resolve("runners")).exitsAtOnce();
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(runner)));
        // The monitor holds the runner from now on, so the tests submit it by its hash.
        LiveMonitor.Submitted upload = live.submit(runner, null);
        assertThat(upload.status()).isEqualTo(201);
        live.stream(upload.ticket()).awaitEnded(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aRepeatedSubmissionAnswersWithTheFirstRunWhichRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = byHash(10_000);
        int before = total();

        HttpResponse<String> first = post(key, body);
        HttpResponse<String> second = post(key, body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode made = live.json.readTree(first.body());
        JsonNode repeated = live.json.readTree(second.body());
        long runId = made.get("runId").asLong();
        assertThat(repeated.get("runId").asLong()).isEqualTo(runId);
        assertThat(repeated.get("repeated").asBoolean()).isTrue();
        assertThat(repeated.get("state").asText()).isEqualTo("queued");
        assertThat(second.headers().firstValue("Location")).hasValue("/api/v1/runs/" + runId);
        String ticket = repeated.get("ticket").asText();
        assertThat(ticket).isNotEqualTo(made.get("ticket").asText());
        assertThat(live.upgrade(made.get("ticket").asText()).status())
                .as("the first ticket is void once a repeat got a fresh one")
                .isEqualTo(401);
        assertThat(total()).as("one run for both submissions").isEqualTo(before + 1);

        RunEnded ended = live.stream(ticket).awaitEnded(Duration.ofSeconds(60));
        assertThat(ended.runId()).isEqualTo(runId);

        HttpResponse<String> third = post(key, body);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
        JsonNode after = live.json.readTree(third.body());
        assertThat(after.get("runId").asLong()).isEqualTo(runId);
        assertThat(after.get("state").asText()).isEqualTo(ended.state());
        assertThat(after.has("ticket")).as("an ended run has no ticket to give").isFalse();
        assertThat(total()).isEqualTo(before + 1);
        assertThat(live.health().get("queueLength").asInt()).isZero();
        assertThat(live.getJson("/api/v1/runs/" + runId).get("startedAt").isNull())
                .as("it ran")
                .isFalse();
    }

    @Test
    void theKeyWithAnotherSubmissionIsRefusedAndStoresNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(key, byHash(10_000));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        long runId = live.json.readTree(first.body()).get("runId").asLong();
        int before = total();

        HttpResponse<String> other = post(key, byHash(20_000));

        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        JsonNode error = live.json.readTree(other.body());
        assertThat(error.get("error").asText())
                .isEqualTo("the Idempotency-Key '" + key + "' was sent with another submission (run " + runId
                        + "): a different runner JAR, options or provenance; a new run needs a new key");
        assertThat(error.get("runId").asLong()).isEqualTo(runId);
        assertThat(total()).as("nothing stored").isEqualTo(before);
        assertThat(live.getJson("/api/v1/runs/" + runId).get("state").asText()).isEqualTo("queued");
    }

    @Test
    void twoKeysMakeTwoRuns() throws Exception {
        String body = byHash(10_000);
        int before = total();

        HttpResponse<String> one = post(UUID.randomUUID().toString(), body);
        HttpResponse<String> two = post(UUID.randomUUID().toString(), body);

        assertThat(one.statusCode()).isEqualTo(201);
        assertThat(two.statusCode()).isEqualTo(201);
        assertThat(live.json.readTree(one.body()).get("runId").asLong())
                .isNotEqualTo(live.json.readTree(two.body()).get("runId").asLong());
        assertThat(total()).isEqualTo(before + 2);
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        int before = total();

        HttpResponse<String> refused = post("two words", byHash(10_000));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(live.json.readTree(refused.body()).get("error").asText())
                .isEqualTo("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces (e.g. a UUID)");
        assertThat(total()).isEqualTo(before);
    }

    private static String byHash(long testTimeoutMillis) {
        return "{\"sha256\": \"" + sha256 + "\", \"options\": {\"testTimeoutMillis\": " + testTimeoutMillis + "}}";
    }

    private static HttpResponse<String> post(String key, String body) throws Exception {
        return live.send(live.request("/api/v1/runs")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static int total() throws Exception {
        return live.getJson("/api/v1/runs?limit=1").get("total").asInt();
    }
}
