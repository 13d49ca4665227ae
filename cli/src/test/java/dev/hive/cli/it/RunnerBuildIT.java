package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hive.cli.CliRun;
import dev.hive.cli.ExitCode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runner builds with Maven Invoker (mvn from the PATH, the user's local repository): the example candidate, a
 * multi-module candidate with a parent POM and Jackson, a compile error; and the cache that skips Maven. Each candidate
 * is built once; the build cache lives in one temp directory per test.
 */
class RunnerBuildIT {

    private static final Pattern JAR = Pattern.compile("(/\\S+/runner\\.jar)");

    @TempDir
    Path home;

    private static Path jarOf(CliRun.Result result) {
        Matcher m = JAR.matcher(result.out());
        assertThat(m.find()).as("the runner's path in: %s", result.all()).isTrue();
        return Path.of(m.group(1));
    }

    @Test
    void buildsTheExampleCandidatesRunnerAndReusesItWithoutMaven() throws Exception {
        Path example = Fixtures.repoRoot().resolve("examples/rsp-probe");
        CliRun cli = new CliRun(home);

        CliRun.Result first = cli.run("test", "--build-only", example.toString());

        assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).contains("Building the runner of dev.hive.examples:rsp-probe");
        Path jar = jarOf(first);
        assertThat(Fixtures.mainClass(jar)).isEqualTo("dev.hive.runner.Main");
        assertThat(Fixtures.has(jar, "dev/hive/example/rsp/RspSession.class")).isTrue();
        assertThat(Fixtures.has(jar, "dev/hive/example/rsp/hive/RunControlTest.class"))
                .isTrue();
        assertThat(Fixtures.has(jar, "dev/hive/runner/Main.class")).isTrue();
        assertThat(Fixtures.has(jar, "org/junit/platform/launcher/Launcher.class"))
                .isTrue();
        assertThat(Fixtures.has(jar, "dev/hive/sample/"))
                .as("the template's sample suite")
                .isFalse();

        // No Maven to be found: the second build must not need one.
        CliRun.Result second = cli.env("PATH", "/nonexistent").run("test", "--build-only", example.toString());

        assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.OK);
        assertThat(second.out()).contains("Reused the runner").doesNotContain("Building");
        assertThat(jarOf(second)).isEqualTo(jar);
    }

    @Test
    void buildsAModuleWithAParentPomAndJacksonWithoutWritingTheUsersTree() throws Exception {
        Path candidate = Fixtures.copy("parent-jackson", home.resolve("src"));
        var before = Fixtures.snapshot(candidate);
        CliRun cli = new CliRun(home);

        CliRun.Result result = cli.run("test", "--build-only", "--module", "probe-lib", candidate.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        Path jar = jarOf(result);
        assertThat(Fixtures.mainClass(jar)).isEqualTo("dev.hive.runner.Main");
        assertThat(Fixtures.has(jar, "fixture/lib/TargetReport.class")).isTrue();
        assertThat(Fixtures.has(jar, "fixture/lib/hive/TargetReportTest.class")).isTrue();
        assertThat(Fixtures.has(jar, "com/fasterxml/jackson/databind/ObjectMapper.class"))
                .isTrue();
        assertThat(Fixtures.has(jar, "dev/hive/sample/")).isFalse();
        assertThat(Fixtures.snapshot(candidate)).as("the candidate's tree").isEqualTo(before);

        // Editing one hive test rebuilds.
        Path test = candidate.resolve("probe-lib/src/hive/java/fixture/lib/hive/TargetReportTest.java");
        Files.writeString(test, Files.readString(test).replace("describesTheTarget", "describesItsTarget"));
        CliRun.Result edited = cli.run("test", "--build-only", "--module", "probe-lib", candidate.toString());
        assertThat(edited.exitCode()).as(edited.all()).isEqualTo(ExitCode.OK);
        assertThat(edited.out()).contains("Built the runner").doesNotContain("Reused");
    }

    @Test
    void aMultiModuleProjectNeedsModule() {
        CliRun.Result result = new CliRun(home)
                .run("test", "--build-only", Fixtures.fixture("parent-jackson").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("multi-module").contains("--module").contains("probe-lib");
    }

    @Test
    void aCompileErrorInTheHiveTestsIsExit3WithTheCompilersMessageAndNothingUploaded() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer monitor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        monitor.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        monitor.start();
        try {
            CliRun.Result result = new CliRun(home)
                    .env("HIVE_URL", "http://127.0.0.1:" + monitor.getAddress().getPort())
                    .env("HIVE_TOKEN", "t")
                    .run("test", Fixtures.fixture("compile-error").toString());

            assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.BUILD_FAILED);
            assertThat(result.err())
                    .contains("the runner did not build")
                    .contains("ProbeTest.java:[12,")
                    .contains("incompatible types: int cannot be converted to java.lang.String")
                    .contains("Nothing was uploaded")
                    .doesNotContain("[INFO]");
            assertThat(requests).hasValue(0);
        } finally {
            monitor.stop(0);
        }
    }
}
