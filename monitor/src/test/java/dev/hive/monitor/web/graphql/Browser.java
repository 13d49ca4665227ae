package dev.hive.monitor.web.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal browser for the tests: a real HTTP client that keeps the cookies the monitor sets (by name, as
 * a browser would for one site) and sends the CSRF header the way the web UI does.
 */
public final class Browser {

    static final ObjectMapper JSON = new ObjectMapper();

    final String base;
    final HttpClient http;
    final Map<String, String> cookies = new LinkedHashMap<>();
    /** The Set-Cookie headers of the last answer. */
    List<String> lastSetCookies = List.of();

    public Browser(String base) {
        this(base, HttpClient.newHttpClient());
    }

    Browser(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public record Answer(int status, JsonNode body) {}

    /** A POST as the web UI sends it: the CSRF header carries the hive_csrf cookie's value. */
    public Answer post(String query) throws IOException, InterruptedException {
        return post(query, Map.of(), cookies.get(GraphQLRoutes.CSRF_COOKIE));
    }

    Answer post(String query, Map<String, Object> variables, String csrfHeader)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + GraphQLRoutes.PATH))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfHeader != null) {
            request.header(GraphQLRoutes.CSRF_HEADER, csrfHeader);
        }
        return send(request);
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookieHeader());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        lastSetCookies = response.headers().allValues("set-cookie");
        for (String set : lastSetCookies) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }

    String cookieHeader() {
        return cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The Set-Cookie header of the last answer for {@code name}. */
    String setCookie(String name) {
        return lastSetCookies.stream()
                .filter(c -> c.startsWith(name + "="))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name + " in " + lastSetCookies));
    }

    public Answer login(String name, String password) throws IOException, InterruptedException {
        return post(
                "mutation($n: String!, $p: String!) { login(name: $n, password: $p) { id name role } }",
                Map.of("n", name, "p", password),
                cookies.get(GraphQLRoutes.CSRF_COOKIE));
    }
}
