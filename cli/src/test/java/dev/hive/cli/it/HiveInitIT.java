package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.cli.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box, issue 12: {@code hive init} on an empty archetype-style project, then real Maven compiles the hive tests
 * with {@code -Phive} (and reports them skipped outside a rack), {@code hive test} passes on a virtual rack of two
 * boards, and a second {@code hive init} leaves the POM byte for byte unchanged. The built CLI JAR and a real monitor;
 * the test API goes into the local repository in the CLI build's own template version.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveInitIT {

    /** What {@code mvn archetype:generate -DarchetypeArtifactId=maven-archetype-quickstart} makes, in short. */
    static final String EMPTY_PROJECT_POM =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>

              <groupId>com.example</groupId>
              <artifactId>my-probe</artifactId>
              <version>1.0-SNAPSHOT</version>

              <properties>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                <maven.compiler.release>17</maven.compiler.release>
              </properties>

              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>5.11.4</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>

              <build>
                <pluginManagement><!-- lock down plugins versions to avoid using Maven defaults -->
                  <plugins>
                    <plugin>
                      <artifactId>maven-compiler-plugin</artifactId>
                      <version>3.14.0</version>
                    </plugin>
                    <plugin>
                      <artifactId>maven-surefire-plugin</artifactId>
                      <version>3.5.4</version>
                    </plugin>
                    <plugin>
                      <artifactId>maven-resources-plugin</artifactId>
                      <version>3.3.1</version>
                    </plugin>
                  </plugins>
                </pluginManagement>
              </build>
            </project>
            """;

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;
    private static HiveProcess hive;
    private static Path project;
    private static String initialised;

    @BeforeAll
    static void startMonitorAndWriteTheProject() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("init"));
        hive = HiveProcess.against(monitor, "init", dir.resolve("user"));
        project = writeEmptyProject(dir.resolve("my-probe"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** An empty Maven project as the quickstart archetype makes it: a POM with JUnit, an App, no hive anything. */
    static Path writeEmptyProject(Path project) throws Exception {
        Path app = project.resolve("src/main/java/com/example/App.java");
        Files.createDirectories(app.getParent());
        Files.writeString(project.resolve("pom.xml"), EMPTY_PROJECT_POM, StandardCharsets.UTF_8);
        Files.writeString(
                app,
                """
                package com.example;

                /** Hello world! */
                public class App {
                    public static void main(String[] args) {
                        System.out.println("Hello World!");
                    }
                }
                """);
        return project;
    }

    private static String pom() throws Exception {
        return Files.readString(project.resolve("pom.xml"), StandardCharsets.UTF_8);
    }

    private static String templateVersion() throws Exception {
        HiveProcess.Result version = hive.run("version", "--url", "http://127.0.0.1:1");
        String out = version.out();
        int start = out.indexOf("runner template ") + "runner template ".length();
        return out.substring(start, out.indexOf(',', start));
    }

    @Test
    @Order(1)
    void withoutATerminalAndWithoutYesTheChangeIsShownButNotMade() throws Exception {
        HiveProcess.Result result = hive.run("init", project.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
        assertThat(pom()).isEqualTo(EMPTY_PROJECT_POM);
        assertThat(result.out()).contains("+++ pom.xml (with the hive profile)", "+   <profiles>", "+     <profile>");
        assertThat(result.err().strip()).doesNotContain("\n").contains("not changed", "--yes");
        assertThat(project.resolve("src/hive/java/com/example/FirstHiveTest.java"))
                .exists();
    }

    @Test
    @Order(2)
    void initWithYesAddsTheHiveProfileInTheClisTemplateVersion() throws Exception {
        HiveProcess.Result result = hive.run("init", project.toString(), "--yes");

        assertThat(result.exitCode()).as(result.all()).isZero();
        initialised = pom();
        assertThat(initialised)
                .startsWith(EMPTY_PROJECT_POM.substring(0, EMPTY_PROJECT_POM.indexOf("</project>")))
                .contains("<hive.version>" + templateVersion() + "</hive.version>", "<id>hive</id>")
                .endsWith("  </profiles>\n</project>\n");
        assertThat(result.out()).contains("Added the hive profile to " + project.resolve("pom.xml"));
    }

    @Test
    @Order(3)
    void mavenWithTheHiveProfileCompilesTheHiveTestsAndSkipsThemOutsideARack() throws Exception {
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "-Phive", "test")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(mvn.waitFor(10, TimeUnit.MINUTES)).as("mvn ends").isTrue();
        String output = Files.readString(log);

        assertThat(mvn.exitValue()).as(output).isZero();
        assertThat(project.resolve("target/test-classes/com/example/FirstHiveTest.class"))
                .exists();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 1");
        assertThat(Files.readString(project.resolve("target/surefire-reports/TEST-com.example.FirstHiveTest.xml")))
                .contains("hive tests run only on a Hive rack (start them with `hive test`)")
                // the project's JUnit 5.11 lacks the launcher session store the extension reads: still a skip
                .contains("JUnit Jupiter 5.13 or later is needed to run them here");
    }

    @Test
    @Order(4)
    void theFirstHiveTestPassesOnEveryProbeAndTarget() throws Exception {
        HiveProcess.Result result = hive.run("test", project.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        assertThat(result.err()).doesNotContain("warning");
        assertThat(result.out())
                .contains("4 passed, 0 failed, 0 skipped, 0 errors (4 results)")
                .contains("FirstHiveTest > seesTheProbeAndTheTestprogram(ProbeInfo, TargetInfo)");
    }

    @Test
    @Order(5)
    void aSecondInitLeavesThePomAndTheTestByteForByteUnchanged() throws Exception {
        Path test = project.resolve("src/hive/java/com/example/FirstHiveTest.java");
        byte[] before = Files.readAllBytes(test);

        HiveProcess.Result result = hive.run("init", project.toString(), "--yes");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(pom()).isEqualTo(initialised);
        assertThat(Files.readAllBytes(test)).isEqualTo(before);
        assertThat(result.out()).contains("has the hive profile already", "has hive tests already");
    }

    @Test
    @Order(6)
    void theGuidesExamplesRunOnTheRackWithTheResultLinesItQuotes() throws Exception {
        Path guided = dir.resolve("guided");
        copyTree(project.resolve("src"), guided.resolve("src"));
        Files.copy(project.resolve("pom.xml"), guided.resolve("pom.xml"));
        Path examples = Fixtures.repoRoot().resolve("cli/src/test/java/dev/hive/cli/guide");
        Path into = Files.createDirectories(guided.resolve("src/hive/java/dev/hive/cli/guide"));
        try (Stream<Path> files = Files.list(examples)) {
            for (Path example : (Iterable<Path>) files.filter(f -> f.toString().endsWith("Example.java"))::iterator) {
                Files.copy(example, into.resolve(example.getFileName()));
            }
        }

        HiveProcess.Result result = hive.run("test", guided.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.OK);
        String withoutDurations = result.out().replaceAll(" \\(\\d+(?:\\.\\d+)? m?s\\)", "");
        List<String> quoted = quotedResultLines();
        assertThat(quoted).hasSizeGreaterThanOrEqualTo(5);
        for (String line : quoted) {
            assertThat(withoutDurations).as(result.all()).contains(line);
        }
    }

    /** The lines of the guide's result blocks ({@code <!-- results: checked by HiveInitIT -->}). */
    private static List<String> quotedResultLines() throws Exception {
        String guide = Files.readString(Fixtures.repoRoot().resolve("docs/writing-hive-tests.md"));
        List<String> lines = new ArrayList<>();
        Matcher m = Pattern.compile("<!-- results: checked by HiveInitIT -->\\n```text\\n(.*?)```", Pattern.DOTALL)
                .matcher(guide);
        while (m.find()) {
            m.group(1).lines().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        return lines;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    @Order(7)
    void hiveTestWarnsWhenThePomDeclaresAnotherApiVersion() throws Exception {
        Files.writeString(
                project.resolve("pom.xml"),
                initialised.replaceFirst("<hive.version>[^<]*<", "<hive.version>0.0.1<"),
                StandardCharsets.UTF_8);

        HiveProcess.Result result = hive.run("test", project.toString(), "--build-only");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.err())
                .contains("declares the hive test API 0.0.1, but this hive builds the runner with " + templateVersion())
                .contains("run `hive init`");
    }

    @Test
    @Order(8)
    void badInputIsOneLineNamingTheFileAndExit2() throws Exception {
        Path notMaven = Files.createDirectories(dir.resolve("not-maven"));
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("pom.xml"), "<project>\n  <groupId>g</groupId>\n");

        HiveProcess.Result none = hive.run("init", notMaven.toString(), "--yes");
        HiveProcess.Result unparsable = hive.run("init", broken.toString(), "--yes");
        HiveProcess.Result noModule = hive.run("init", project.toString(), "--module", "core", "--yes");

        for (HiveProcess.Result result : List.of(none, unparsable, noModule)) {
            assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err().strip())
                    .as(result.all())
                    .startsWith("hive: ")
                    .doesNotContain("\n");
        }
        assertThat(none.err()).contains(notMaven.resolve("pom.xml") + " does not exist");
        assertThat(unparsable.err()).contains(broken.resolve("pom.xml") + " does not parse", "fix the XML");
        assertThat(noModule.err()).contains(project.resolve("core/pom.xml") + " does not exist", "--module");
    }
}
