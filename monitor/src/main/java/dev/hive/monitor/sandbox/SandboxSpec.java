package dev.hive.monitor.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one runner may see inside the sandbox. Everything not listed here is invisible, except the read-only
 * system ({@code /usr}, the {@code /lib*} links, a minimal {@code /etc}), a private {@code /proc}, {@code /dev}
 * and {@code /tmp}. Paths are bound at the same path inside as outside, so socket paths stay valid.
 *
 * @param runDirectory the run's directory: read-write, the only writable place besides the private /tmp
 * @param readOnlyPaths extra read-only paths (the Java runtime if outside /usr, the directory of the virtual
 *     probes' sockets: connecting to a Unix socket needs no writable mount, ...)
 * @param readWritePaths extra paths bound read-write (keep this short: each is a place outside its run
 *     directory the runner can change)
 * @param devices device nodes or directories to bind (e.g. {@code /dev/bus/usb}, serial devices); missing
 *     ones are skipped
 * @param environment variables to set in an otherwise empty environment (PATH, JAVA_HOME and LANG are
 *     added when not given)
 */
public record SandboxSpec(
        Path runDirectory,
        List<Path> readOnlyPaths,
        List<Path> readWritePaths,
        List<Path> devices,
        Map<String, String> environment) {

    public SandboxSpec {
        Objects.requireNonNull(runDirectory, "runDirectory");
        runDirectory = runDirectory.toAbsolutePath().normalize();
        readOnlyPaths = normalize(readOnlyPaths);
        readWritePaths = normalize(readWritePaths);
        devices = normalize(devices);
        environment = Map.copyOf(environment == null ? Map.of() : environment);
    }

    private static List<Path> normalize(List<Path> paths) {
        if (paths == null) {
            return List.of();
        }
        return paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public static Builder builder(Path runDirectory) {
        return new Builder(runDirectory);
    }

    /**
     * The clean environment of the runner: PATH, JAVA_HOME (of the monitor's JVM) and LANG, then the given
     * variables (which win).
     */
    public Map<String, String> effectiveEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("JAVA_HOME", javaHome().toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(environment);
        return env;
    }

    /** The Java runtime the monitor runs on (the runner uses the same). */
    public static Path javaHome() {
        return Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
    }

    /** Builder for {@link SandboxSpec}. */
    public static final class Builder {
        private final Path runDirectory;
        private final List<Path> readOnly = new ArrayList<>();
        private final List<Path> readWrite = new ArrayList<>();
        private final List<Path> devices = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(Path runDirectory) {
            this.runDirectory = runDirectory;
        }

        public Builder readOnly(Path path) {
            readOnly.add(path);
            return this;
        }

        public Builder readWrite(Path path) {
            readWrite.add(path);
            return this;
        }

        public Builder device(Path path) {
            devices.add(path);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public SandboxSpec build() {
            return new SandboxSpec(runDirectory, readOnly, readWrite, devices, env);
        }
    }
}
