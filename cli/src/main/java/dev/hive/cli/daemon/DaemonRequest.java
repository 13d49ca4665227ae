package dev.hive.cli.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command a client asks the daemon to run, as the launcher wrote it into the request's directory: {@code args}
 * (the arguments, each ended by a NUL byte), {@code env} (its environment, {@code env -0}) and {@code meta} (its
 * working directory, {@code 1} when its standard input and output are a terminal, its pid; each ended by a NUL byte).
 * The directory also holds the FIFOs {@code out} and {@code err} the client reads.
 *
 * @param dir the request's directory
 * @param args the command's arguments ({@code test ...})
 * @param env the client's environment
 * @param workingDir the client's working directory
 * @param terminal whether the client's standard input and output are a terminal
 * @param clientPid the client's process id
 */
public record DaemonRequest(
        Path dir, List<String> args, Map<String, String> env, Path workingDir, boolean terminal, long clientPid) {

    /** Reads the request in {@code dir}. */
    public static DaemonRequest read(Path dir) throws IOException {
        List<String> args = fields(dir.resolve("args"));
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : fields(dir.resolve("env"))) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        List<String> meta = fields(dir.resolve("meta"));
        if (meta.size() < 3 || !Path.of(meta.get(0)).isAbsolute()) {
            throw new IOException("a malformed request in " + dir + ": " + meta);
        }
        return new DaemonRequest(
                dir,
                List.copyOf(args),
                Map.copyOf(env),
                Path.of(meta.get(0)),
                meta.get(1).equals("1"),
                Long.parseLong(meta.get(2)));
    }

    /** The NUL-ended fields of {@code file}. */
    static List<String> fields(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int nul = text.indexOf('\0'); nul >= 0; nul = text.indexOf('\0', start)) {
            fields.add(text.substring(start, nul));
            start = nul + 1;
        }
        return fields;
    }
}
