package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launchers' class-data archive of the CLI's own classes ({@code cli/bin/hive}, {@code packaging/hive}; docs/cli.md):
 * made by a first {@code hive test} that succeeds, put in place and mapped by the next commands, and, when it is
 * missing, broken (changed bytes, truncated), stale (the JAR is newer) or the dump of a failed command, never a
 * failed command nor a word more on stdout or stderr: only the classes' source changes (the JVM's class-load log).
 */
class LauncherArchiveIT {

    private static final String MAIN = "dev.hive.cli.Main";

    @TempDir
    Path home;

    /** A launcher in a directory of its own with the JAR where it looks for it. */
    private record Launcher(Path script, Path jar) {}

    @ParameterizedTest
    @ValueSource(strings = {"cli/bin/hive", "packaging/hive"})
    void anArchiveIsMadeUsedAndNeverBreaksACommand(String script) throws Exception {
        Launcher hive = install(script);
        Path cds = home.resolve("cache/hive/cds");
        Run reference = run(hive, Map.of("HIVE_CLI_CDS", "off"), "test", "--help");
        assertThat(reference.code()).isZero();
        assertThat(reference.out()).contains("Usage: hive test");
        assertThat(reference.err()).isEmpty();
        assertThat(cds).doesNotExist();

        run(hive, Map.of(), "--version").assertSame(run(hive, Map.of("HIVE_CLI_CDS", "off"), "--version"));
        assertThat(cds).as("only 'hive test' makes the archive").doesNotExist();

        Run first = run(hive, Map.of(), "test", "--help");
        first.assertSame(reference);
        assertThat(first.mainFrom()).isEqualTo("jar");
        assertThat(files(cds)).anyMatch(f -> f.matches("hive-cli-\\d+\\.jsa\\.\\d+\\.ok"));

        Run second = run(hive, Map.of(), "test", "--help");
        second.assertSame(reference);
        assertThat(second.mainFrom()).isEqualTo("archive");
        Path archive = archive(cds);
        assertThat(files(cds))
                .containsExactlyInAnyOrder(archive.getFileName().toString(), archive.getFileName() + ".size");

        // changed bytes, same length: the JVM's CRC check refuses it (the JVM writes the archive read-only)
        assertThat(archive.toFile().setWritable(true)).isTrue();
        try (var file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[4096]);
        }
        Run changed = run(hive, Map.of(), "test", "--help");
        changed.assertSame(reference);
        assertThat(changed.mainFrom()).isEqualTo("jar");

        // truncated (the JVM would stop with SIGBUS mapping it): not used, replaced by a new dump
        assertThat(archive.toFile().setWritable(true)).isTrue();
        try (var file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 3);
        }
        Run truncated = run(hive, Map.of(), "test", "--help");
        truncated.assertSame(reference);
        assertThat(truncated.mainFrom()).isEqualTo("jar");
        Run again = run(hive, Map.of(), "test", "--help");
        again.assertSame(reference);
        assertThat(again.mainFrom()).isEqualTo("archive");

        // stale: the JAR was rebuilt after the archive (same bytes, a newer time: the JVM checks the time)
        Files.setLastModifiedTime(archive(cds), FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(hive.jar(), FileTime.from(Instant.now().minusSeconds(1800)));
        Run stale = run(hive, Map.of(), "test", "--help");
        stale.assertSame(reference);
        assertThat(stale.mainFrom()).isEqualTo("jar");
        Run renewed = run(hive, Map.of(), "test", "--help");
        renewed.assertSame(reference);
        assertThat(renewed.mainFrom()).isEqualTo("archive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cli/bin/hive"})
    void theDumpOfAFailedCommandIsNotUsed(String script) throws Exception {
        Launcher hive = install(script);
        Path cds = home.resolve("cache/hive/cds");
        Run failed = run(hive, Map.of(), "test", "--no-such-option");
        assertThat(failed.code()).isEqualTo(2);
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err()).contains("Unknown option: '--no-such-option'");
        Run next = run(hive, Map.of(), "--version");
        assertThat(next.code()).isZero();
        assertThat(next.mainFrom()).isEqualTo("jar");
        assertThat(files(cds)).as("the unmarked dump is dropped").isEmpty();
    }

    private Launcher install(String script) throws IOException {
        Path source = Fixtures.repoRoot().resolve(script);
        Path dir = home.resolve("install");
        Path launcher;
        Path jar;
        if (script.startsWith("cli/")) { // bin/hive finds ../target/hive-cli-*.jar
            launcher = dir.resolve("bin/hive");
            jar = dir.resolve("target").resolve(HiveProcess.jar().getFileName());
        } else { // the release's launcher finds the JAR beside it
            launcher = dir.resolve("hive");
            jar = dir.resolve(HiveProcess.jar().getFileName());
        }
        Files.createDirectories(launcher.getParent());
        Files.createDirectories(jar.getParent());
        Files.copy(source, launcher);
        launcher.toFile().setExecutable(true);
        Files.copy(HiveProcess.jar(), jar);
        return new Launcher(launcher, jar);
    }

    /** What one command through the launcher did, and where the JVM loaded {@code Main} from. */
    private record Run(int code, String out, String err, String mainFrom) {

        void assertSame(Run reference) {
            assertThat(code).isEqualTo(reference.code());
            assertThat(out).isEqualTo(reference.out());
            assertThat(err).isEqualTo(reference.err());
        }
    }

    private Run run(Launcher hive, Map<String, String> env, String... args) throws Exception {
        Path classes = Files.createTempFile(home, "classes", ".log");
        List<String> command = new ArrayList<>(List.of(hive.script().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HIVE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        builder.environment().put("HIVE_DAEMON", "off"); // this JVM's own classes: no daemon (DaemonIT)
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String from = "not loaded";
        for (String line : Files.readAllLines(classes, StandardCharsets.UTF_8)) {
            if (line.contains(" " + MAIN + " source: ")) {
                from = line.contains("shared objects file") ? "archive" : "jar";
            }
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err), from);
    }

    private static Path archive(Path cds) throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
