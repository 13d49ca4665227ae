package dev.hive.monitor.web;

import static dev.hive.monitor.web.AuthAndSystemRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's provenance travels with {@code POST /api/v1/runs} (a multipart part or a JSON field, optional for older
 * clients), is stored, comes back in {@code GET /api/v1/runs/{id}} and the history, and filters the history.
 */
class RunProvenanceTest {

    static final String FULL = "{\"candidate\":\"dev.example:rsp-probe:1.2.0\","
            + "\"commit\":\"9fceb02d0ae598e95dc970b74767f19372d61af8\",\"branch\":\"feature/x\",\"dirty\":true,"
            + "\"ciJobUrl\":\"https://github.com/example/rsp-probe/actions/runs/4242\",\"ciJobName\":\"CI / hive\"}";

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 1 << 20, 50);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void provenanceSentAsAPartIsStoredAndReturned() throws Exception {
        long id = submit(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .file("provenance", "application/json", FULL.getBytes(StandardCharsets.UTF_8)));

        JsonObject run = new JsonObject(server.get("/api/v1/runs/" + id).body());

        assertThat(run.getJsonObject("provenance")).isEqualTo(new JsonObject(FULL));
    }

    @Test
    void provenanceMayComeAsAFieldOrInTheJsonFormAndIsOptional() throws Exception {
        long asField = submit(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("provenance", "{\"branch\":\"main\"}"));
        long without =
                submit(new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar()));
        String sha = new JsonObject(server.get("/api/v1/runs/" + without).body()).getString("runnerSha256");
        HttpResponse<String> json =
                server.postJson("{\"sha256\":\"" + sha + "\",\"provenance\":{\"candidate\":\"dev.example:other:2\"}}");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
        long fromJson = new JsonObject(json.body()).getLong("runId");

        assertThat(provenance(asField)).isEqualTo(new JsonObject().put("branch", "main"));
        assertThat(provenance(without)).isEqualTo(new JsonObject());
        assertThat(provenance(fromJson)).isEqualTo(new JsonObject().put("candidate", "dev.example:other:2"));
    }

    @Test
    void theHistoryIsFilteredByCandidateWithOrWithoutVersionAndByBranch() throws Exception {
        long a = submitWith("{\"candidate\":\"org.filter:lib:1.0\",\"branch\":\"main\"}");
        long b = submitWith("{\"candidate\":\"org.filter:lib:2.0\",\"branch\":\"topic\"}");
        long c = submitWith("{\"candidate\":\"org.filter:lib-extra:1.0\",\"branch\":\"main\"}");

        assertThat(ids("?candidate=org.filter:lib:1.0")).containsExactly(a);
        assertThat(ids("?candidate=org.filter:lib")).containsExactly(b, a);
        assertThat(ids("?candidate=org.filter:lib&branch=main")).containsExactly(a);
        assertThat(ids("?branch=topic")).containsExactly(b);
        assertThat(ids("?candidate=org.filter:lib-extra")).containsExactly(c);
        JsonObject page = new JsonObject(
                server.get("/api/v1/runs?candidate=org.filter:lib").body());
        assertThat(page.getInteger("total")).isEqualTo(2);
        assertThat(page.getJsonArray("runs")
                        .getJsonObject(0)
                        .getJsonObject("provenance")
                        .getString("branch"))
                .isEqualTo("topic");
    }

    @Test
    void malformedProvenanceIsRefusedNamingWhatIsWrong() throws Exception {
        assertError(
                post("{\"commit\":\"HEAD\"}"),
                400,
                "provenance: commit must be 7 to 64 lower-case hex digits, was 'HEAD'");
        assertError(
                post("{\"candidate\":\"only-a-name\"}"),
                400,
                "provenance: candidate must be groupId:artifactId:version, was 'only-a-name'");
        assertThat(post("{\"builtBy\":\"me\"}").body()).contains("provenance: bad field 'builtBy'");
        assertError(post("[1]"), 400, "provenance: expected a JSON object");
        assertError(
                server.get("/api/v1/runs?branch=" + "b".repeat(251)),
                400,
                "branch must be at most 250 characters, got 251");
    }

    private static HttpResponse<String> post(String provenance) throws Exception {
        return server.postMultipart(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("provenance", provenance));
    }

    private static long submitWith(String provenance) throws Exception {
        return submit(new TestServer.Multipart()
                .file("runner", "application/java-archive", TestServer.runnerJar())
                .field("provenance", provenance));
    }

    private static long submit(TestServer.Multipart body) throws Exception {
        HttpResponse<String> r = server.postMultipart(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("runId");
    }

    private static JsonObject provenance(long id) throws Exception {
        return new JsonObject(server.get("/api/v1/runs/" + id).body()).getJsonObject("provenance");
    }

    private static List<Long> ids(String query) throws Exception {
        HttpResponse<String> r =
                server.get("/api/v1/runs" + query.replace(":", URLEncoder.encode(":", StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray runs = new JsonObject(r.body()).getJsonArray("runs");
        return runs.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    }
}
