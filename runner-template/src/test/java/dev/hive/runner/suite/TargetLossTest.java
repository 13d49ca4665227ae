package dev.hive.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.run.TestStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A target that dies under a test, and a run that stops, as the suite sees them. */
class TargetLossTest {

    @Test
    void theRunningTestIsAnErrorAndTheRestOfTheTargetIsSkipped() throws Exception {
        SuiteFixtures.Lossy.sleeping = new CountDownLatch(1);
        var run = new SuiteRun();
        Thread monitor = new Thread(() -> {
            try {
                if (SuiteFixtures.Lossy.sleeping.await(10, TimeUnit.SECONDS)) {
                    run.watch.lose("QEMU of microbit died");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        monitor.start();
        long start = System.nanoTime();
        run.run(30_000, SuiteFixtures.Lossy.class);
        monitor.join();

        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("the sleeping test was not waited for")
                .isLessThan(5_000);
        assertThat(run.names())
                .containsExactly("first", "sleeps", "after", "afterParameterized [1] 1", "afterParameterized [2] 2");
        assertThat(run.result("first").status()).isEqualTo(TestStatus.PASSED);
        assertThat(run.result("sleeps").status()).isEqualTo(TestStatus.ERROR);
        assertThat(run.result("sleeps").message()).isEqualTo("QEMU of microbit died");
        assertThat(run.finished.subList(2, 5)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(r.message()).isEqualTo("target lost: QEMU of microbit died");
        });
    }

    @Test
    void aStoppedRunFinishesTheRunningTestAndStartsNoOther() throws Exception {
        SuiteFixtures.Stoppable.inside = new CountDownLatch(1);
        SuiteFixtures.Stoppable.release = new CountDownLatch(1);
        var run = new SuiteRun();
        Thread monitor = new Thread(() -> {
            try {
                SuiteFixtures.Stoppable.inside.await(10, TimeUnit.SECONDS);
                run.control.stop("cancelled by the monitor: user pressed Ctrl-C");
                SuiteFixtures.Stoppable.release.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        monitor.start();
        run.run(30_000, SuiteFixtures.Stoppable.class);
        monitor.join();

        assertThat(run.names()).containsExactly("first");
        assertThat(run.result("first").status()).isEqualTo(TestStatus.PASSED);
        assertThat(run.started).hasSize(1);
    }
}
