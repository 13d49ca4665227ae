package dev.hive.protocol.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void aTallyCountsEachStatus() {
        var tally = new Summary.Tally();
        tally.add(result(TestStatus.PASSED));
        tally.add(result(TestStatus.PASSED));
        tally.add(result(TestStatus.FAILED));
        tally.add(result(TestStatus.SKIPPED));
        tally.add(TestStatus.ERROR);
        Summary summary = tally.toSummary(1234);
        assertThat(summary).isEqualTo(new Summary(2, 1, 1, 1, 1234));
        assertThat(summary.total()).isEqualTo(5);
        assertThat(summary.count(TestStatus.PASSED)).isEqualTo(2);
        assertThat(new Summary.Tally().toSummary(0)).isEqualTo(new Summary(0, 0, 0, 0, 0));
    }

    @Test
    void channelThreadsCanShareOneTally() throws InterruptedException {
        var tally = new Summary.Tally();
        List<Thread> threads = new ArrayList<>();
        for (TestStatus status : TestStatus.values()) {
            for (int t = 0; t < 2; t++) {
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        tally.add(status);
                    }
                }));
            }
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(tally.toSummary(1)).isEqualTo(new Summary(20_000, 20_000, 20_000, 20_000, 1));
    }

    private static TestResult result(TestStatus status) {
        return new TestResult(
                "id", "name", "C", "m", new Cell(0, "p", "s", 0, 0, "t"), status, null, null, Instant.EPOCH, 1);
    }
}
