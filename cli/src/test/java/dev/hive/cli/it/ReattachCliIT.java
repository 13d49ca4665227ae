package dev.hive.cli.it;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the CLI's connection drops mid-run. The built CLI as a process runs the example candidate against a real
 * monitor process (virtual rack of two QEMU boards) through a loopback TCP proxy this test owns; the proxy severs
 * every connection right after the first {@code testFinished} frame passed. The CLI re-attaches after the last event
 * it saw, and its console, JUnit XML and JSON hold every test exactly once, with the exit code of an undisturbed run.
 */
class ReattachCliIT {

    @TempDir
    static Path dir;

    private static MonitorProcess monitor;

    @BeforeAll
    static void startMonitor() throws Exception {
        monitor = MonitorProcess.start(dir.resolve("monitor"), List.of("it"));
    }

    @AfterAll
    static void stopMonitor() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void aConnectionCutMidRunIsResumedAndEveryTestIsReportedOnce() throws Exception {
        Path junit = dir.resolve("cut.xml");
        Path json = dir.resolve("cut.json");
        HiveProcess.Result result =
                EveryResultOnce.cutOffRun(dir.resolve("user"), monitor.url(), monitor.token("it"), junit, json);
        EveryResultOnce.check(result, junit, json);
    }
}
