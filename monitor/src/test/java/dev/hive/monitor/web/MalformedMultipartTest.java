package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body that claims to be multipart but is not is refused with a message in the user's words, not a class name. */
class MalformedMultipartTest {

    static final long LIMIT = 16L << 20;

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, LIMIT, 5);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void megabytesOfZerosAreRefusedSayingTheBodyIsNotMultipart() throws Exception {
        JsonNode error = post("multipart/form-data; boundary=hive-boundary", new byte[8 << 20]);

        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText())
                .isEqualTo("the multipart body is malformed: no part boundary '--hive-boundary' within "
                        + MultipartFailure.BUFFERED_BYTES + " bytes; is it multipart/form-data with that boundary?")
                .doesNotContain("Exception")
                .doesNotContain("io.netty");
    }

    @Test
    void aFieldLongerThanTheLimitIsRefusedNamingTheLimit() throws Exception {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"options\"\r\n\r\n"
                        + "x".repeat(MultipartFailure.FIELD_BYTES + 1) + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);

        JsonNode error = post("multipart/form-data; boundary=b", body);

        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("error").asText())
                .isEqualTo("the multipart body is malformed: a field (a part without a filename) is longer than "
                        + MultipartFailure.FIELD_BYTES + " bytes; send large content as a file part")
                .doesNotContain("Exception");
    }

    private static JsonNode post(String contentType, byte[] body) throws Exception {
        HttpResponse<String> r = server.send(server.request("/api/v1/runs")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return new ObjectMapper().readTree(r.body());
    }
}
