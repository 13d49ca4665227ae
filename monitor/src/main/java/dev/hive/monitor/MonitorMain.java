package dev.hive.monitor;

import dev.hive.monitor.auth.ApiTokenRepository;
import dev.hive.monitor.auth.PasswordHasher;
import dev.hive.monitor.auth.Role;
import dev.hive.monitor.auth.UserRepository;
import dev.hive.monitor.config.ConfigException;
import dev.hive.monitor.config.ConfigLoader;
import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.db.Database;
import dev.hive.rack.config.RackFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The monitor's launcher: {@code serve} runs the monitor, {@code init} prepares a fresh rack without clicking. */
@Command(
        name = "hive-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = MonitorMain.Version.class,
        subcommands = {MonitorMain.Serve.class, MonitorMain.Init.class, FleetHubConfigCommand.class},
        description = "The Hive rack monitor. Configuration: docs/monitor-config.md.")
public final class MonitorMain implements Runnable {

    /** Exit code for a configuration or usage error. */
    static final int USAGE = 2;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "the configuration file (YAML); HIVE_* environment variables override it")
    Path configFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, as {@link #main} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new MonitorMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("hive-monitor: " + e.getMessage());
            boolean usage = e instanceof IllegalArgumentException
                    || e instanceof ConfigException
                    || e instanceof RackFileException;
            return usage ? USAGE : 1;
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, init or fleet-hub-config");
    }

    MonitorConfig config() {
        return new ConfigLoader(System.getenv()).load(Optional.ofNullable(configFile));
    }

    /** Runs the monitor until the process is stopped (SIGTERM, Ctrl-C). */
    @Command(name = "serve", description = "Run the monitor: the rack, the task runner and the HTTP API.")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        MonitorMain main;

        @Override
        public Integer call() throws InterruptedException {
            Monitor monitor = Monitor.start(main.config());
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                monitor.close();
                                stopped.countDown();
                            },
                            "hive-monitor-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /**
     * Creates the first admin and, optionally, an API token, from flags or the environment, printing the
     * token once. Nothing is asked: a fresh rack and CI need no clicking.
     */
    @Command(
            name = "init",
            description = "Create an admin user and optionally an API token. The token is printed once on stdout.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        MonitorMain main;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--admin",
                paramLabel = "NAME",
                defaultValue = "${env:HIVE_ADMIN_NAME}",
                description = "the admin's user name (env HIVE_ADMIN_NAME)")
        String admin;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "read the admin's password from the first line of FILE (else env HIVE_ADMIN_PASSWORD)")
        Path passwordFile;

        @Option(
                names = "--token",
                paramLabel = "NAME",
                defaultValue = "${env:HIVE_TOKEN_NAME}",
                description = "also create an API token with this name (env HIVE_TOKEN_NAME)")
        String token;

        @Option(names = "--token-description", paramLabel = "TEXT", defaultValue = "")
        String tokenDescription;

        @Option(
                names = "--token-days",
                paramLabel = "DAYS",
                description = "the token expires after DAYS days (default: never)")
        Integer tokenDays;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "write the token to FILE (mode 0600) instead of printing it")
        Path tokenFile;

        @Override
        public Integer call() throws IOException {
            if (admin == null && token == null) {
                throw new IllegalArgumentException("nothing to do: give --admin NAME and/or --token NAME");
            }
            MonitorConfig config = main.config();
            Files.createDirectories(config.dataDir());
            PrintWriter err = spec.commandLine().getErr();
            Clock clock = Clock.systemUTC();
            try (Database db = Database.open(config.databaseFile(), clock)) {
                if (admin != null) {
                    createAdmin(new UserRepository(db, clock, new PasswordHasher()), err);
                }
                if (token != null) {
                    createToken(new ApiTokenRepository(db, clock), clock, err);
                }
            }
            return 0;
        }

        private void createAdmin(UserRepository users, PrintWriter err) throws IOException {
            if (users.findByName(admin).isPresent()) {
                err.println("user '" + admin + "' exists already; left unchanged");
                return;
            }
            users.create(admin, password(), Role.ADMIN);
            err.println("created admin '" + admin + "'");
        }

        private String password() throws IOException {
            String password = passwordFile != null
                    ? Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                            .findFirst()
                            .orElse("")
                    : System.getenv("HIVE_ADMIN_PASSWORD");
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "the admin needs a password: --password-file FILE or the environment variable HIVE_ADMIN_PASSWORD");
            }
            return password;
        }

        private void createToken(ApiTokenRepository tokens, Clock clock, PrintWriter err) throws IOException {
            if (tokens.findByName(token).isPresent()) {
                throw new IllegalArgumentException(
                        "an API token named '" + token + "' exists already; choose another name");
            }
            Optional<Instant> expires =
                    Optional.ofNullable(tokenDays).map(days -> clock.instant().plus(Duration.ofDays(days)));
            String plaintext = tokens.create(token, tokenDescription, expires).plaintext();
            if (tokenFile != null) {
                Files.deleteIfExists(tokenFile);
                Files.createFile(
                        tokenFile,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tokenFile, plaintext + "\n");
                err.println("created API token '" + token + "' in " + tokenFile);
            } else {
                err.println("created API token '" + token + "'; it is shown once:");
                spec.commandLine().getOut().println(plaintext);
                spec.commandLine().getOut().flush();
            }
        }
    }

    /** The version from the JAR's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hive-monitor " + Monitor.version()};
        }
    }
}
