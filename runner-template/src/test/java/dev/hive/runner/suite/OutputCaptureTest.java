package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.ReportEntry;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.api.HiveTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/** What tests print and report is kept with their own result, on channels that run in parallel. */
class OutputCaptureTest {

    @Test
    void eachResultKeepsWhatItsOwnTestPrintedAndReported() throws Exception {
        Suite suite = SuiteRun.suite(Talkative.class);
        var runs = List.of(new SuiteRun(), new SuiteRun());
        var channels = List.of(
                CompletableFuture.runAsync(() -> runOn(suite, 0, runs.get(0))),
                CompletableFuture.runAsync(() -> runOn(suite, 1, runs.get(1))));
        CompletableFuture.allOf(channels.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int channel = 0; channel < 2; channel++) {
            SuiteRun run = runs.get(channel);
            TestOutput said = run.result("talks").output();
            assertThat(said).isNotNull();
            List<String> lines = said.stdout().lines().toList();
            assertThat(lines)
                    .as("every line, from the test and the thread it started")
                    .hasSize(400);
            String own = "channel-" + channel + "-test-";
            assertThat(lines).as("nothing from the other channel").allSatisfy(l -> assertThat(l)
                    .startsWith(own));
            assertThat(said.stderr()).isEqualTo("a warning on stderr" + System.lineSeparator());
            assertThat(said.reports())
                    .containsExactly(
                            new ReportEntry("channel", Integer.toString(channel)), new ReportEntry("k2", "v2"));
            assertThat(run.result("talks").failureType()).isNull();

            TestResult failed = run.result("failsAfterSpeaking");
            assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
            assertThat(failed.failureType()).isEqualTo("org.opentest4j.AssertionFailedError");
            assertThat(failed.output().stdout()).isEqualTo("about to fail" + System.lineSeparator());

            assertThat(run.result("quiet").output()).as("silence is no output").isNull();
            assertThat(run.finished)
                    .as("what @BeforeAll printed is in no result")
                    .allSatisfy(
                            r -> assertThat(r.output() == null ? "" : r.output().stdout())
                                    .doesNotContain("before all"));
        }
    }

    @Test
    void outputIsBoundedWithAMarkerAndEntriesAreCounted() {
        var run = new SuiteRun().run(5_000, Flooding.class);

        TestResult flooded = run.result("floods");
        TestOutput said = flooded.output();
        assertThat(said.stdout()).hasSizeLessThanOrEqualTo(TestOutput.MAX_STREAM_CHARS);
        assertThat(said.stdout())
                .startsWith("x".repeat(1000))
                .endsWith("… (" + (200_000 - OutputRecorder.KEPT_BYTES_WHEN_CUT) + " more bytes dropped)");
        assertThat(said.reports()).hasSize(TestOutput.MAX_REPORT_ENTRIES);
        assertThat(said.reports().get(0)).isEqualTo(new ReportEntry("entry-0", "v"));
        assertThat(said.reports().get(TestOutput.MAX_REPORT_ENTRIES - 1))
                .isEqualTo(new ReportEntry("hive.reports.dropped", "51"));

        TestResult hung = run.result("hangsAfterSpeaking");
        assertThat(hung.status()).isEqualTo(TestStatus.ERROR);
        assertThat(hung.failureType()).isEqualTo(TestTimedOutException.class.getName());
        assertThat(hung.output().stdout()).isEqualTo("waiting forever" + System.lineSeparator());
    }

    private static void runOn(Suite suite, int channel, SuiteRun run) {
        var cell = new Cell(channel, "probe-" + channel, "serial-" + channel, 0, channel, "microbit");
        try (ChannelSuite channelSuite = suite.open("channel-" + channel, 30_000)) {
            channelSuite.run(cell, SuiteRun.context(), run.watch, run);
        }
    }

    @HiveTest
    static class Talkative {
        @BeforeAll
        static void beforeAll() {
            System.out.println("before all: not inside a test");
        }

        @Test
        void talks(TestReporter reporter) throws InterruptedException {
            String me = Thread.currentThread().getName();
            reporter.publishEntry("channel", me.substring("channel-".length(), me.indexOf("-test-")));
            Thread helper = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    System.out.println(me + " helper " + i);
                }
            });
            helper.start();
            for (int i = 0; i < 200; i++) {
                System.out.println(me + " line " + i);
            }
            helper.join();
            System.err.println("a warning on stderr");
            reporter.publishEntry("k2", "v2");
        }

        @Test
        void failsAfterSpeaking() {
            System.out.println("about to fail");
            fail("failed on purpose");
        }

        @Test
        void quiet() {}
    }

    @HiveTest
    static class Flooding {
        @Test
        void floods(TestReporter reporter) {
            System.out.print("x".repeat(200_000));
            for (int i = 0; i < 150; i++) {
                reporter.publishEntry("entry-" + i, "v");
            }
        }

        @Test
        @Timeout(value = 200, unit = TimeUnit.MILLISECONDS)
        void hangsAfterSpeaking() throws InterruptedException {
            System.out.println("waiting forever");
            Thread.sleep(60_000);
        }
    }
}
