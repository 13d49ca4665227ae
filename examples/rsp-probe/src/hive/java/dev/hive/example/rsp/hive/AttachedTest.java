package dev.hive.example.rsp.hive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hive.example.rsp.RspException;
import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.TargetState;
import dev.hive.protocol.rack.Architecture;
import dev.hive.runner.api.ProbeInfo;
import dev.hive.runner.api.TargetInfo;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every test of the suite starts from: a session through the channel's probe, with the core halted by the
 * test's own request, and the target it reaches. After a test that passed, the core runs again and the next test
 * halts it through the same session, as a debugger user would: opening a session (connect, handshake, target
 * description) costs more than most checks, so the suite opens one per target ({@link TargetSession}). After a
 * test that failed, and once the target's tests are done, the session detaches, which removes the breakpoints it
 * set and lets the core run again, so the next test finds the testprogram running as the rack left it.
 */
abstract class AttachedTest {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(3);

    /** Finds the target's session before each test, and tells {@link #detach} whether the test failed. */
    @RegisterExtension
    final Lifecycle lifecycle = new Lifecycle();

    RspSession session;
    TargetInfo target;
    private TargetSession held;
    private boolean failed;

    @BeforeEach
    void attach(ProbeInfo probe, TargetInfo target) throws RspException {
        this.target = target;
        failed = true; // until the core is halted: a set-up that failed ends the session
        session = held.open(probe.endpoint());
        // QEMU's stub stops the core when a debugger connects; other probes may leave it running; and the session
        // kept from the previous test left it running.
        assertTrue(session.halt().isStopped(), "the core halts when asked");
        failed = false;
    }

    @AfterEach
    void detach() throws RspException {
        if (failed || !session.isOpen()) {
            held.end();
        } else if (session.state() != TargetState.RUNNING) {
            session.resume();
        }
    }

    final class Lifecycle implements BeforeEachCallback, AfterTestExecutionCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            held = TargetSession.of(context);
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            failed = context.getExecutionException().isPresent();
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
