package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that declares a body over {@code limits.uploadBytes} is answered at once, from its headers, before the
 * client sends any byte of the body: over a raw socket that sends the headers only and then waits.
 */
class DeclaredBodyLimitTest {

    static final long LIMIT = 64 * 1024;
    static final String HUGE = "2147483648";

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
    void aMultipartBodyDeclaredOverTheLimitIs413BeforeAnyByteIsSent() throws Exception {
        String answer = headersOnly("multipart/form-data; boundary=xyz", HUGE, null);
        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).contains("the request body is larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void aMultipartBodyDeclaredOverTheLimitWithExpect100ContinueIs413WithoutA100() throws Exception {
        String answer = headersOnly("multipart/form-data; boundary=xyz", HUGE, "100-continue");
        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(answer).contains("the request body is larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void aJsonBodyDeclaredOverTheLimitWithExpect100ContinueIs413() throws Exception {
        String answer = headersOnly("application/json", HUGE, "100-continue");
        assertThat(answer).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void anExpectationOtherThan100ContinueIs417() throws Exception {
        String answer = headersOnly("application/json", "2", "something-else");
        assertThat(answer).startsWith("HTTP/1.1 417 ");
        assertThat(answer).contains("the monitor only understands 'Expect: 100-continue', got 'something-else'");
    }

    @Test
    void aMultipartUploadWithExpect100ContinueWithinTheLimitGetsItsContinueAndIsAccepted() throws Exception {
        TestServer.Multipart body =
                new TestServer.Multipart().file("runner", "application/java-archive", TestServer.runnerJar());
        // HTTP/1.1 only: the JDK client's h2c upgrade and an expectation do not go together
        HttpClient http11 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http11.send(
                server.request("/api/v1/runs")
                        .expectContinue(true)
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Sends only the headers of a POST declaring a body of {@code length}; answers what comes back within 5 s. */
    private static String headersOnly(String contentType, String length, String expect) throws IOException {
        URI base = URI.create(server.base);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/runs HTTP/1.1\r\n"
                            + "Host: " + base.getHost() + "\r\n"
                            + "Authorization: Bearer " + server.token + "\r\n"
                            + "Content-Type: " + contentType + "\r\n"
                            + "Content-Length: " + length + "\r\n"
                            + (expect == null ? "" : "Expect: " + expect + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // what arrived so far is the answer; none at all fails the assertions
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** A whole JSON error body has arrived. */
    private static boolean complete(String answer) {
        return answer.contains("\r\n\r\n") && answer.endsWith("}");
    }
}
