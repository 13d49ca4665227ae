package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hive.cli.ExitCode;
import dev.hive.cli.build.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's composite action ({@code action.yml}) as GitHub would run it, against a real monitor with a
 * virtual rack of two boards: its shell steps run with bash in order, with the inputs substituted and the variables
 * a GitHub runner sets ({@code GITHUB_ACTIONS}, {@code GITHUB_STEP_SUMMARY}, {@code GITHUB_OUTPUT},
 * {@code GITHUB_WORKSPACE}, {@code RUNNER_TEMP}, …); the steps that use other actions (setup-java, upload-artifact)
 * are left to GitHub. The CLI comes from a {@code file://} URL of the built JAR, as from a release.
 */
class GitHubActionIT {

    private static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([\\w-]+)\\s*}}");
    private static final Path ACTION = Fixtures.repoRoot().resolve("action.yml");

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;

    @BeforeAll
    static void startMonitor() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("ci"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static JsonNode action() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(ACTION.toFile());
    }

    @Test
    void theActionNamesOnlyTheInputsItUsesAndUsesOnlyThoseItNames() throws Exception {
        Set<String> declared = new TreeSet<>();
        action().path("inputs").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new TreeSet<>();
        Matcher m = INPUT.matcher(Files.readString(ACTION));
        while (m.find()) {
            used.add(m.group(1));
        }

        assertThat(action().path("runs").path("using").asText()).isEqualTo("composite");
        assertThat(used).isEqualTo(declared);
    }

    @Test
    void itsStepsRunTheReleasedCliWhichWritesTheSummaryAndAnnotatesTheFailingLine() throws Exception {
        Path workspace = Fixtures.copy("failing-test", dir.resolve("checkout"));
        Path temp = Files.createDirectories(dir.resolve("runner-temp"));
        Path summary = dir.resolve("step-summary.md");
        Path output = dir.resolve("github-output");
        Files.createFile(output);
        Path cli = HiveProcess.jar();
        Map<String, String> inputs = Map.of(
                "url", monitor.url(),
                "token", monitor.token("ci"),
                "cli-url", cli.toUri().toString(),
                "cli-sha256", Fingerprint.ofFile(cli),
                "path", ".",
                "args", "--include-probes hive-virtual-0",
                "reports", "target/hive");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("home/cache").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/config").toString());
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("RUNNER_TEMP", temp.toString());
        env.put("GITHUB_SERVER_URL", "https://github.example.org");
        env.put("GITHUB_REPOSITORY", "probes/failing-lib");
        env.put("GITHUB_RUN_ID", "4242");
        env.put("GITHUB_JOB", "hive");
        env.put("GITHUB_WORKFLOW", "hive");

        StringBuilder stdout = new StringBuilder();
        int hiveExit = -1;
        for (Iterator<JsonNode> steps = action().path("runs").path("steps").elements(); steps.hasNext(); ) {
            JsonNode step = steps.next();
            if (!step.has("run")) {
                continue; // actions/setup-java and actions/upload-artifact: GitHub's own
            }
            assertThat(step.path("shell").asText()).isEqualTo("bash");
            Map<String, String> stepEnv = new HashMap<>(env);
            step.path("env")
                    .fields()
                    .forEachRemaining(
                            e -> stepEnv.put(e.getKey(), substitute(e.getValue().asText(), inputs)));
            ProcessBuilder bash = new ProcessBuilder(
                            "bash", "-e", "-c", substitute(step.get("run").asText(), inputs))
                    .directory(workspace.toFile())
                    .redirectErrorStream(true);
            bash.environment().clear();
            bash.environment().putAll(stepEnv);
            Process p = bash.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            stdout.append(out);
            if ("hive".equals(step.path("id").asText())) {
                hiveExit = p.exitValue();
            } else {
                assertThat(p.exitValue()).as(out).isZero();
            }
        }

        assertThat(hiveExit).as(stdout.toString()).isEqualTo(ExitCode.TESTS_FAILED);
        assertThat(Files.readString(output)).contains("exit-code=1");
        assertThat(workspace.resolve("target/hive/hive-junit.xml")).isNotEmptyFile();
        assertThat(workspace.resolve("target/hive/hive.json")).isNotEmptyFile();
        String runId = stdout.toString().replaceAll("(?s).*Run (\\d+) submitted.*", "$1");

        String md = Files.readString(summary);
        assertThat(md)
                .startsWith("## Hive run " + runId + ": FAILED\n")
                .contains("`fixture.hive:failing-test:1.0.0`")
                .contains("| passed | failed | skipped | errors | results | time |")
                .contains("| 2 | 2 | 0 | 0 | 4 |")
                .contains("### Failing tests")
                .containsPattern(
                        "\\| ProbeTest &gt; countsFourChannels\\(TargetInfo\\) \\| lm3s6965evb @ [^|]+ \\| the probe"
                                + " library counts four channels on lm3s6965evb ==&gt; expected: &lt;4&gt; but was: &lt;3&gt; \\|")
                .containsPattern("\\| ProbeTest &gt; countsFourChannels\\(TargetInfo\\) \\| sifive_e @ [^|]+ \\|")
                .doesNotContain("passes()")
                .contains("[Run " + runId + " on the rack](" + monitor.url() + "/runs/" + runId + ")");

        List<String> annotations =
                stdout.toString().lines().filter(l -> l.startsWith("::")).toList();
        assertThat(annotations).hasSize(1);
        assertThat(annotations.get(0))
                .startsWith("::error file=src/hive/java/fixture/failing/hive/ProbeTest.java,line=15,"
                        + "title=ProbeTest > countsFourChannels(TargetInfo) failed::on ")
                .contains("lm3s6965evb @ ", "sifive_e @ ")
                .endsWith("expected: <4> but was: <3>");
    }

    private static String substitute(String text, Map<String, String> inputs) {
        Matcher m = INPUT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            assertThat(inputs).as("a value for input %s", m.group(1)).containsKey(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(inputs.get(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
