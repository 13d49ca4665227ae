package dev.hive.example.rsp.hive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.example.rsp.RspException;
import dev.hive.example.rsp.RspSession;
import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every test of the suite starts from: a session opened through the channel's probe, with the core halted,
 * and the target it reaches. After each test the session detaches, which removes the breakpoints it set and lets
 * the core run again, so the next test finds the testprogram running as the rack left it.
 */
abstract class AttachedTest {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(3);

    RspSession session;
    TargetInfo target;

    @BeforeEach
    void attach(ProbeInfo probe, TargetInfo target) throws RspException {
        this.target = target;
        session = RspSession.open(probe.endpoint());
        // QEMU's stub stops the core when a debugger connects; other probes may leave it running.
        assertTrue(session.halt().isStopped(), "the core halts when asked");
    }

    @AfterEach
    void detach() throws RspException {
        if (session != null) {
            session.detach();
        }
    }

    long symbol(String name) {
        return target.symbol(name);
    }

    /** The 32-bit word at a testprogram symbol. */
    long readWord(String symbol) throws RspException {
        return session.readU32(symbol(symbol));
    }

    /** Where the first argument of a call is while the callee runs: r0 on Cortex-M, a0 on RISC-V. */
    String firstArgumentRegister() {
        return target.architecture() == Architecture.ARM ? "r0" : "a0";
    }

    /** Resumes the core, lets it run for {@code millis} and halts it again. */
    void run(long millis) throws RspException, InterruptedException {
        session.resume();
        Thread.sleep(millis);
        assertTrue(session.halt().isStopped(), "the core halts again");
    }

    /** Something read from the halted target. */
    interface TargetCondition {
        boolean holds() throws RspException;
    }

    /**
     * Lets the core run in slices of {@code sliceMillis}, halting after each to check {@code condition}, until it
     * holds or {@link #RUN_TIMEOUT} has passed, and fails with {@code what} if it never held. Slices, not one
     * fixed wait: on a loaded host an emulated core may not get to run at all for tens of milliseconds.
     */
    void runUntil(TargetCondition condition, long sliceMillis, String what) throws RspException, InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        do {
            run(sliceMillis);
        } while (!condition.holds() && System.nanoTime() < deadline);
        assertTrue(condition.holds(), what + " (the core ran for up to " + RUN_TIMEOUT.toSeconds() + " s)");
    }
}
