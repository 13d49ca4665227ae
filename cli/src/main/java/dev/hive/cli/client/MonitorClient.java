package dev.hive.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hive.cli.CliException;
import dev.hive.cli.ExitCode;
import dev.hive.cli.config.Connection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;

/**
 * The monitor's {@code /api/v1} API and {@code /healthz} ({@code docs/api.md}). Transport failures and refused tokens
 * become {@link CliException}s with exit code 4 and a message that says what to check; other HTTP errors become
 * {@link MonitorException}s for the caller.
 */
public final class MonitorClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private final Connection connection;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder().build();

    public MonitorClient(Connection connection) {
        this.connection = connection;
        this.http = httpClient().build();
    }

    private HttpClient.Builder httpClient() {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
        if ("https".equals(connection.url().getScheme())) {
            builder.sslContext(Tls.context(connection.caCert(), connection.insecure()));
        } else {
            builder.sslContext(Tls.plain());
        }
        return builder;
    }

    public URI url() {
        return connection.url();
    }

    public ObjectMapper json() {
        return json;
    }

    /** {@code GET /healthz}, which needs no token. */
    public JsonNode health() {
        return parse(send(request("/healthz", false).GET().build(), "GET /healthz"));
    }

    /** {@code GET path} with the token, as JSON. */
    public JsonNode get(String path) {
        return parse(send(request(path, true).GET().build(), "GET " + path));
    }

    /** {@code GET path} with the token, as text (JUnit XML). */
    public String getText(String path) {
        return send(request(path, true).GET().build(), "GET " + path);
    }

    /** {@code DELETE path} with the token. */
    public JsonNode delete(String path) {
        return parse(send(request(path, true).DELETE().build(), "DELETE " + path));
    }

    /** {@code POST /api/v1/runs} with a JSON body ({@code sha256} and {@code options}). */
    public JsonNode submitByHash(JsonNode body) {
        HttpRequest request = request("/api/v1/runs", true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return parse(send(request, "POST /api/v1/runs"));
    }

    /**
     * {@code POST /api/v1/runs} with a JSON body and {@code resend}'s {@code Idempotency-Key}, sent again with that key
     * when the answer is lost (see {@link Resend}).
     */
    public JsonNode submitByHash(JsonNode body, Resend resend) {
        return parse(resend.send(
                http,
                () -> request("/api/v1/runs", true)
                        .header("Content-Type", "application/json")
                        .header(Resend.HEADER, resend.idempotencyKey())
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                "POST /api/v1/runs",
                this::answer,
                this::unreachable));
    }

    /** {@code POST /api/v1/runs} with the JAR and the options as multipart, reporting bytes sent. */
    public JsonNode upload(Path jar, String optionsJson, UploadProgress progress) {
        return upload(jar, optionsJson, null, progress);
    }

    /** As {@link #upload(Path, String, UploadProgress)}, with a {@code provenance} part unless it is null. */
    public JsonNode upload(Path jar, String optionsJson, String provenanceJson, UploadProgress progress) {
        Multipart body = new Multipart(jar, optionsJson, provenanceJson);
        HttpRequest request = request("/api/v1/runs", true)
                .timeout(UPLOAD_TIMEOUT)
                .header("Content-Type", body.contentType())
                .POST(body.publisher(progress))
                .build();
        return parse(send(request, "uploading the runner"));
    }

    /** As {@link #upload(Path, String, String, UploadProgress)}, with {@code resend}'s key and retries. */
    public JsonNode upload(
            Path jar, String optionsJson, String provenanceJson, UploadProgress progress, Resend resend) {
        Multipart body = new Multipart(jar, optionsJson, provenanceJson);
        return parse(resend.send(
                http,
                () -> request("/api/v1/runs", true)
                        .timeout(UPLOAD_TIMEOUT)
                        .header("Content-Type", body.contentType())
                        .header(Resend.HEADER, resend.idempotencyKey())
                        .POST(body.publisher(progress))
                        .build(),
                "uploading the runner",
                this::answer,
                this::unreachable));
    }

    /** {@code POST path} with a JSON body and the token, as JSON. */
    public JsonNode post(String path, JsonNode body) {
        HttpRequest request = request(path, true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return parse(send(request, "POST " + path));
    }

    /** Opens the run's WebSocket at {@code socketPath} (from the submit answer) with the token. */
    public WebSocket openSocket(String socketPath, WebSocket.Listener listener) {
        return openSocket(socketPath, listener, "opening the run's WebSocket");
    }

    /** Opens the WebSocket at {@code socketPath} with the token; {@code what} names it in errors. */
    public WebSocket openSocket(String socketPath, WebSocket.Listener listener, String what) {
        return open(this.http, socketPath, listener, what);
    }

    /**
     * Opens a lease's byte stream (GDB, UART) at {@code socketPath} (with its ticket) on a blocking WebSocket of the
     * CLI's own ({@link StreamSocket}): the JDK's client cost 0.1-0.2 ms per GDB round trip in its selector thread,
     * futures and executor hand-offs ({@code docs/performance.md}, "Issue 15: the CLI's own WebSocket client"). The
     * same token, TLS trust ({@code --ca-cert}, {@code --insecure}) and error messages as the HTTP requests.
     */
    public StreamSocket openStream(String socketPath, String what) {
        boolean secure = "https".equals(connection.url().getScheme());
        try {
            return WebSocketHandshake.open(
                    resolve(socketPath),
                    "Bearer " + connection.requireToken(),
                    secure ? Tls.context(connection.caCert(), connection.insecure()) : null,
                    !connection.insecure(),
                    CONNECT_TIMEOUT);
        } catch (WebSocketHandshake.Refused e) {
            throw failure(e.status(), e.body(), what);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private WebSocket open(HttpClient client, String socketPath, WebSocket.Listener listener, String what) {
        URI http = resolve(socketPath);
        URI ws = URI.create(("https".equals(http.getScheme()) ? "wss" : "ws")
                + http.toString().substring(http.getScheme().length()));
        try {
            return client.newWebSocketBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .header("Authorization", "Bearer " + connection.requireToken())
                    .buildAsync(ws, listener)
                    .join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.WebSocketHandshakeException handshake) {
                HttpResponse<?> response = handshake.getResponse();
                Object responseBody = response.body();
                String text = responseBody == null ? "" : responseBody.toString();
                throw failure(response.statusCode(), text, what);
            }
            throw unreachable(cause);
        }
    }

    private HttpRequest.Builder request(String path, boolean withToken) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (withToken) {
            builder.header("Authorization", "Bearer " + connection.requireToken());
        }
        return builder;
    }

    private URI resolve(String path) {
        return URI.create(connection.url().toString() + path);
    }

    private String send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, what + " was interrupted", e);
        }
        return answer(response, what);
    }

    /** The body of a 2xx answer; otherwise the error it stands for. */
    private String answer(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw failure(response.statusCode(), response.body(), what);
    }

    private RuntimeException failure(int status, String body, String what) {
        JsonNode node = null;
        String message = body == null ? "" : body.strip();
        try {
            node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                message = node.get("error").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            node = null;
        }
        if (message.isEmpty()) {
            message = "HTTP " + status;
        }
        if (status == 401) {
            return CliException.unavailable(
                    "the monitor at " + connection.url() + " refused the API token: " + message
                            + " (get a new token from the rack's admin, then run 'hive connect' or set HIVE_TOKEN)",
                    null);
        }
        if (status == 503 || status == 502 || status == 504) {
            return CliException.unavailable("the monitor is not available (" + status + "): " + message, null);
        }
        return new MonitorException(new MonitorError(status, message, node), what);
    }

    private CliException unreachable(Throwable e) {
        return CliException.unavailable("cannot reach the monitor at " + connection.url() + ": " + reason(e), e);
    }

    /** Why a request got no answer, in a few words. */
    static String reason(Throwable e) {
        String reason;
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            reason = e instanceof HttpConnectTimeoutException ? "connection timed out" : "connection refused";
        } else if (e instanceof HttpTimeoutException) {
            reason = "no answer in time";
        } else if (e instanceof SSLException) {
            reason = "TLS failed: " + e.getMessage() + " (see --ca-cert and --insecure)";
        } else if (e instanceof UnknownHostException
                || e != null && e.getCause() instanceof UnresolvedAddressException) {
            reason = "unknown host";
        } else {
            reason = e == null
                    ? "unknown error"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        }
        return reason;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw CliException.unavailable("the monitor sent something that is not JSON: " + e.getMessage(), e);
        }
    }
}
