package dev.hive.monitor.web;

import static dev.hive.monitor.web.AuthAndSystemRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.task.Run;
import dev.hive.monitor.task.RunState;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSubmissionTest {

    static final long LIMIT = 64 * 1024;

    @TempDir
    static Path dataDir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dataDir, LIMIT, 50);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aRunnerJarMakesAWaitingRunAndATicket() throws Exception {
        byte[] jar = TestServer.runnerJar();
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", jar)
                .file("options", "application/json", "{\"testTimeoutMillis\": 1234}".getBytes(StandardCharsets.UTF_8)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("ticket")).hasSizeGreaterThanOrEqualTo(22);
        Run run = server.runs.find(body.getLong("runId")).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(new JsonObject(run.optionsJson()).getLong("testTimeoutMillis"))
                .isEqualTo(1234L);
        assertThat(new JsonObject(run.optionsJson()).getLong("runTimeoutMillis"))
                .isEqualTo(300_000L);
        assertThat(Files.readAllBytes(dataDir.resolve("runners").resolve(run.runnerSha256() + ".jar")))
                .isEqualTo(jar);
    }

    @Test
    void optionsMayComeAsAPlainField() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/octet-stream", TestServer.runnerJar())
                .field("options", "{\"targets\": {\"mode\": \"INCLUDE\", \"patterns\": [\"qemu-*\"]}}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aRunPinnedToAFleetRackIs422OnAMonitorThatIsNotAFrontAndNothingIsStored() throws Exception {
        int before = server.runs.count();
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/octet-stream", TestServer.runnerJar())
                .field("options", "{\"rack\": \"rack-b\"}"));

        assertError(
                r,
                422,
                "this monitor is not a fleet front: 'rack' (rack-b) pins a run to one rack of a fleet and is only"
                        + " taken by the fleet's front (docs/fleet.md)");
        assertThat(server.runs.count()).isEqualTo(before);
    }

    @Test
    void aHeldJarCanBeNamedByItsSha256() throws Exception {
        HttpResponse<String> first = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));
        String sha = server.runs
                .find(new JsonObject(first.body()).getLong("runId"))
                .orElseThrow()
                .runnerSha256();

        HttpResponse<String> r = server.postJson("{\"sha256\": \"" + sha + "\", \"options\": {}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(server.runs
                        .find(new JsonObject(r.body()).getLong("runId"))
                        .orElseThrow()
                        .runnerSha256())
                .isEqualTo(sha);
    }

    @Test
    void anUnknownSha256AsksForTheUpload() throws Exception {
        String sha = "ab".repeat(32);
        HttpResponse<String> r = server.postJson("{\"sha256\": \"" + sha + "\"}");

        assertError(
                r,
                409,
                "the monitor does not hold runner JAR " + sha
                        + "; send it as multipart/form-data with a 'runner' part");
        assertThat(new JsonObject(r.body()).getBoolean("upload")).isTrue();
    }

    @Test
    void aMalformedSha256Is400() throws Exception {
        assertError(
                server.postJson("{\"sha256\": \"abc\"}"),
                400,
                "sha256 must be the runner JAR's SHA-256 as 64 lower-case hex digits");
    }

    @Test
    void aMissingRunnerPartIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart().field("options", "{}"));

        assertError(r, 400, "the part 'runner' is missing: send the runner JAR as a file part named 'runner'");
    }

    @Test
    void anExtraPartIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .file("extra", "application/octet-stream", new byte[] {1}));

        assertError(r, 400, "unexpected part 'extra'; a run takes the parts 'runner', 'options' and 'provenance'");
    }

    @Test
    void aSecondRunnerPartIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .file("runner", "application/java-archive", TestServer.runnerJar()));

        assertError(r, 400, "the part 'runner' was sent more than once");
    }

    @Test
    void aRunnerOfTheWrongContentTypeIs415() throws Exception {
        HttpResponse<String> r =
                server.postMultipart(new TestServer.Multipart().file("runner", "text/plain", TestServer.runnerJar()));

        assertError(
                r,
                415,
                "the part 'runner' must be one of application/java-archive, "
                        + "application/octet-stream, application/x-java-archive, got 'text/plain'");
    }

    @Test
    void optionsOfTheWrongContentTypeIs415() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .file("options", "text/yaml", "a: 1".getBytes(StandardCharsets.UTF_8)));

        assertError(r, 415, "the part 'options' must be one of application/json, got 'text/yaml'");
    }

    @Test
    void aRequestThatIsNeitherMultipartNorJsonIs415() throws Exception {
        HttpResponse<String> r = server.send(server.request("/api/v1/runs")
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello"))
                .build());

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(r.body()).getString("error")).contains("got 'text/plain'");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = server.postMultipart(
                new TestServer.Multipart().file("runner", "application/java-archive", new byte[(int) LIMIT * 2]));

        assertError(r, 413, "the request body is larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void aFileThatIsNotAZipIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("the runner is not a JAR");
    }

    @Test
    void aJarWithoutTheRunnerMainClassIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.jar("com.example.App")));

        assertError(
                r, 400, "the runner JAR's manifest names Main-Class 'com.example.App', expected dev.hive.runner.Main");
    }

    @Test
    void malformedOptionsJsonIs400() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .file("options", "application/json", "{\"testTimeoutMillis\": ".getBytes(StandardCharsets.UTF_8)));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("options: malformed JSON");
    }

    @Test
    void aTestSelectionIsKeptWithTheRunForTheRunnerAndABadOneIs400NamingIt() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field(
                        "options",
                        "{\"selection\": {\"tests\": [\"com.example.ProbeTest#readsTheUid\"],"
                                + " \"excludeTags\": [\"slow\"]}}"));
        HttpResponse<String> bad = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("options", "{\"selection\": {\"includeTags\": [\" \"]}}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Run run = server.runs.find(new JsonObject(r.body()).getLong("runId")).orElseThrow();
        JsonObject selection = new JsonObject(run.optionsJson()).getJsonObject("selection");
        assertThat(selection.getJsonArray("tests").getList()).containsExactly("com.example.ProbeTest#readsTheUid");
        assertThat(selection.getJsonArray("includeTags").getList()).isEmpty();
        assertThat(selection.getJsonArray("excludeTags").getList()).containsExactly("slow");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error"))
                .contains("includeTags[0] must be 1 to 500 characters long and not blank");
    }

    @Test
    void anOptionsFieldOfTheWrongTypeIs400NamingIt() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("options", "{\"runTimeoutMillis\": \"soon\"}"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("options: bad field 'runTimeoutMillis'");
    }

    @Test
    void anUnknownOptionsFieldIs400NamingIt() throws Exception {
        HttpResponse<String> r = server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("options", "{\"colour\": \"blue\"}"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("options: bad field 'colour'");
    }
}
