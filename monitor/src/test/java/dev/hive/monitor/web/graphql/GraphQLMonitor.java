package dev.hive.monitor.web.graphql;

import dev.hive.monitor.Monitor;
import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.User;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.config.ConfigLoader;
import dev.hive.monitor.task.RunnerLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A whole monitor on port 0 over a data directory, with the virtual rack (real QEMU targets and the real
 * cross toolchain) and two users: {@value #ADMIN} and {@value #MAINTAINER}, both with password
 * {@value #PASSWORD}. Starting it again on the same directory keeps the database.
 */
final class GraphQLMonitor implements AutoCloseable {

    static final String ADMIN = "root";
    static final String MAINTAINER = "maint";
    static final String PASSWORD = "correct horse battery";

    static final String RACK_FILE =
            """
            name: gql-test
            backend: virtual
            channels: 1
            stacks:
              - name: stack-a
                targets: [lm3s6965evb, sifive_e]
            """;

    final Path dir;
    final Monitor monitor;
    final String base;

    private GraphQLMonitor(Path dir, Monitor monitor) {
        this.dir = dir;
        this.monitor = monitor;
        this.base = (monitor.config().tlsEnabled() ? "https://localhost:" : "http://127.0.0.1:") + monitor.port();
    }

    static GraphQLMonitor start(Path dir) throws IOException {
        return start(dir, "");
    }

    /** A monitor whose configuration file ends with {@code extraConfig} (e.g. a {@code tls:} section). */
    static GraphQLMonitor start(Path dir, String extraConfig) throws IOException {
        return start(dir, RACK_FILE, extraConfig);
    }

    /** A monitor of the rack {@code rackFile} describes, configured with {@code extraConfig} added. */
    static GraphQLMonitor start(Path dir, String rackFile, String extraConfig) throws IOException {
        return start(dir, rackFile, extraConfig, RunnerLauncher.javaJar(), Clock.systemUTC());
    }

    /** A monitor whose runners are started with {@code launcher}'s command lines. */
    static GraphQLMonitor start(Path dir, String extraConfig, RunnerLauncher launcher) throws IOException {
        return start(dir, RACK_FILE, extraConfig, launcher, Clock.systemUTC());
    }

    /** A monitor on {@code clock} (e.g. one the test moves by hand). */
    static GraphQLMonitor start(Path dir, String extraConfig, RunnerLauncher launcher, Clock clock) throws IOException {
        return start(dir, RACK_FILE, extraConfig, launcher, clock);
    }

    private static GraphQLMonitor start(
            Path dir, String rackFile, String extraConfig, RunnerLauncher launcher, Clock clock) throws IOException {
        Path config = dir.resolve("monitor.yaml");
        if (!Files.exists(config)) {
            Files.writeString(dir.resolve("rack.yaml"), rackFile);
            Files.writeString(
                    config,
                    """
                    dataDir: data
                    rackFile: rack.yaml
                    http:
                      port: 0
                      bindAddress: 127.0.0.1
                    """
                            // health checks off unless asked for: the idle checks must not hold the rack
                            // while a test reloads it
                            + (extraConfig.contains("health:") ? "" : "health:\n  checks: false\n")
                            + extraConfig);
        }
        Monitor monitor = Monitor.start(new ConfigLoader(Map.of()).load(Optional.of(config)), launcher, clock);
        var users =
                new UserRepository(monitor.database(), clock, new PasswordHasher(new PasswordHasher.Cost(64, 1, 1)));
        if (users.findByName(ADMIN).isEmpty()) {
            users.create(ADMIN, PASSWORD, Role.ADMIN);
            users.create(MAINTAINER, PASSWORD, Role.MAINTAINER);
        }
        return new GraphQLMonitor(dir, monitor);
    }

    User user(String name) {
        return new UserRepository(monitor.database(), Clock.systemUTC(), new PasswordHasher())
                .findByName(name)
                .orElseThrow();
    }

    @Override
    public void close() {
        monitor.close();
    }
}
