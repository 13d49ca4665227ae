package dev.hive.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a {@link StreamSocket}: a TCP connection with {@code TCP_NODELAY} (and TLS for {@code https}/{@code wss}, with
 * the host name checked unless the trust is {@code --insecure}), the HTTP/1.1 upgrade with the caller's {@code
 * Authorization}, and the check of the monitor's {@code 101} answer ({@code Sec-WebSocket-Accept}). Any other answer
 * is a {@link Refused} with its status and body.
 */
public final class WebSocketHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    /** The monitor answered the upgrade with another status than 101. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String body;

        Refused(int status, String body) {
            super("the monitor answered " + status + " to the WebSocket upgrade");
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    private WebSocketHandshake() {}

    /**
     * Connects to {@code url} ({@code http}, {@code https}, {@code ws} or {@code wss}, with its path and query) and
     * upgrades; {@code tls} is used for {@code https}/{@code wss} ({@code verifyHost}: check the certificate's name).
     * {@code timeout} bounds the connection and the wait for the answer.
     */
    public static StreamSocket open(URI url, String authorization, SSLContext tls, boolean verifyHost, Duration timeout)
            throws IOException {
        boolean secure = "https".equals(url.getScheme()) || "wss".equals(url.getScheme());
        String host = url.getHost();
        int port = url.getPort() >= 0 ? url.getPort() : secure ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connection timed out");
            }
            socket.setSoTimeout((int) timeout.toMillis());
            if (secure) {
                socket = secure(socket, host, port, tls, verifyHost);
            }
            return upgrade(socket, url, host, port, authorization);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new HttpTimeoutException("no answer in time");
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket secure(Socket plain, String host, int port, SSLContext tls, boolean verifyHost)
            throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        if (verifyHost) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return socket;
    }

    private static StreamSocket upgrade(Socket socket, URI url, String host, int port, String authorization)
            throws IOException {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[MAX_HEAD];
        int length = 0;
        int end;
        while ((end = headEnd(buffer, length)) < 0) {
            if (length == buffer.length) {
                throw new IOException("the monitor's answer to the WebSocket upgrade has too long a head");
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                throw new IOException("the monitor closed the connection during the WebSocket upgrade");
            }
            length += n;
        }
        String[] lines = new String(buffer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = status(lines[0]);
        Map<String, String> headers = headers(lines);
        byte[] rest = Arrays.copyOfRange(buffer, end + 4, length);
        if (status != 101) {
            throw new Refused(status, body(in, headers, rest));
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
                || !headers.getOrDefault("connection", "")
                        .toLowerCase(Locale.ROOT)
                        .contains("upgrade")) {
            throw new IOException("the monitor's 101 answer is not a WebSocket upgrade");
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
            throw new IOException("the monitor's Sec-WebSocket-Accept does not match the key sent");
        }
        if (headers.containsKey("sec-websocket-extensions")) {
            throw new IOException("the monitor chose a WebSocket extension that was not offered: "
                    + headers.get("sec-websocket-extensions"));
        }
        socket.setSoTimeout(0);
        return new StreamSocket(socket, rest, rest.length);
    }

    /** The expected {@code Sec-WebSocket-Accept} for {@code key} (RFC 6455, 4.2.2). */
    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private static int headEnd(byte[] b, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        try {
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new NumberFormatException();
            }
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the monitor's answer to the WebSocket upgrade is not HTTP: " + statusLine);
        }
    }

    private static Map<String, String> headers(String[] lines) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    /** The body of a refusal, by its Content-Length (the monitor's JSON error). */
    private static String body(InputStream in, Map<String, String> headers, byte[] rest) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(rest);
        if (headers.containsKey("content-length")) {
            long want = Math.min(MAX_BODY, Long.parseLong(headers.get("content-length")));
            byte[] chunk = new byte[4096];
            int n;
            while (body.size() < want && (n = in.read(chunk)) >= 0) {
                body.write(chunk, 0, n);
            }
            return new String(body.toByteArray(), 0, (int) Math.min(body.size(), want), StandardCharsets.UTF_8);
        }
        return ""; // the monitor's errors have a Content-Length; anything else shows as its status alone
    }
}
