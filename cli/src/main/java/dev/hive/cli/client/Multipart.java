package dev.hive.cli.client;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code multipart/form-data} body of a run: the {@code runner} file part, the {@code options} JSON part and,
 * when known, the {@code provenance} JSON part, of known length, reporting the bytes read as the client sends them.
 */
final class Multipart {

    private final String boundary = "hive-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final byte[] head;
    private final byte[] tail;
    private final Path jar;
    private final long jarSize;

    Multipart(Path jar, String optionsJson) {
        this(jar, optionsJson, null);
    }

    /** With a {@code provenance} JSON part when {@code provenanceJson} is not null. */
    Multipart(Path jar, String optionsJson, String provenanceJson) {
        this.jar = jar;
        try {
            this.jarSize = Files.size(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String optionsPart = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"options\"; filename=\"options.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + optionsJson + "\r\n";
        String runnerHead = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"runner\"; filename=\"runner.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n";
        String provenancePart = provenanceJson == null
                ? ""
                : "--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"provenance\"; filename=\"provenance.json\"\r\n"
                        + "Content-Type: application/json\r\n\r\n"
                        + provenanceJson + "\r\n";
        this.head = (optionsPart + provenancePart + runnerHead).getBytes(StandardCharsets.UTF_8);
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    long length() {
        return head.length + jarSize + tail.length;
    }

    HttpRequest.BodyPublisher publisher(UploadProgress progress) {
        long total = length();
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                        new ByteArrayInputStream(head), Files.newInputStream(jar), new ByteArrayInputStream(tail))));
                return new Counting(body, total, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return HttpRequest.BodyPublishers.fromPublisher(stream, total);
    }

    private static final class Counting extends FilterInputStream {
        private final long total;
        private final UploadProgress progress;
        private long sent;

        Counting(InputStream in, long total, UploadProgress progress) {
            super(in);
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            sent += n;
            progress.sent(sent, total);
        }
    }
}
