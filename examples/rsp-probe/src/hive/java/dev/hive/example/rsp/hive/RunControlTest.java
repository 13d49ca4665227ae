package dev.hive.example.rsp.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hive.example.rsp.RspTimeoutException;
import dev.hive.example.rsp.StopReply;
import dev.hive.example.rsp.TargetState;
import dev.hive.runner.api.HiveTest;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Run control: halt, resume, a software breakpoint on {@code hive_tick} and single steps through it. */
@HiveTest
@Order(2)
class RunControlTest extends AttachedTest {

    @Test
    @Order(1)
    void haltStopsTheCoreInsideTheTestprogram() throws Exception {
        session.resume();
        assertEquals(TargetState.RUNNING, session.state());
        Thread.sleep(10);
        StopReply stop = session.halt();
        assertTrue(stop.isStopped(), "stop reply " + stop);
        assertEquals(TargetState.HALTED, session.state());
        long pc = session.pc();
        assertTrue(target.flash().contains(pc, 2), "pc 0x%x lies in flash %s".formatted(pc, target.flash()));
        long counter = readWord("hive_counter");
        Thread.sleep(20);
        assertEquals(counter, readWord("hive_counter"), "the counter stands still while the core is halted");
    }

    @Test
    @Order(2)
    void theTimerCounterAdvancesWhileTheCoreRuns() throws Exception {
        long counter = readWord("hive_counter");
        long ticks = readWord("hive_tick_count");
        runUntil(
                () -> readWord("hive_counter") > counter && readWord("hive_tick_count") > ticks,
                10,
                "hive_counter advanced from %d and the main loop called hive_tick (%d calls before)"
                        .formatted(counter, ticks));
    }

    @Test
    @Order(3)
    void aBreakpointOnHiveTickStopsTheCoreWithTheCounterAsArgument() throws Exception {
        long tick = symbol("hive_tick");
        session.setBreakpoint(tick);
        session.resume();
        StopReply stop = session.waitForStop(STOP_TIMEOUT);
        assertTrue(stop.isStopped(), "stop reply " + stop);
        assertEquals(tick, session.pc(), "pc at the breakpoint");
        long argument = session.readRegister(firstArgumentRegister());
        long last = readWord("hive_tick_last");
        long counter = readWord("hive_counter");
        assertTrue(
                last < argument && argument <= counter,
                "hive_tick(%d) after hive_tick(%d), with the counter at %d".formatted(argument, last, counter));

        session.clearBreakpoint(tick);
        session.resume();
        try {
            StopReply unexpected = session.waitForStop(Duration.ofMillis(30));
            fail("without the breakpoint the core runs on, but it stopped: %s at pc 0x%x"
                    .formatted(unexpected, session.pc()));
        } catch (RspTimeoutException expected) {
            // it runs on
        }
        session.halt();
    }

    @Test
    @Order(4)
    void singleStepsThroughHiveTickOneInstructionAtATime() throws Exception {
        long tick = symbol("hive_tick");
        session.setBreakpoint(tick);
        session.resume();
        assertTrue(session.waitForStop(STOP_TIMEOUT).isStopped(), "stopped at hive_tick");
        session.clearBreakpoint(tick);
        long argument = session.readRegister(firstArgumentRegister());
        long calls = readWord("hive_tick_count");

        long pc = session.pc();
        int steps = 0;
        while (!(readWord("hive_tick_last") == argument && readWord("hive_tick_count") == calls + 1)) {
            assertTrue(steps < 32, "hive_tick did its two stores within 32 steps");
            StopReply stop = session.step();
            assertTrue(stop.isStopped(), "stop reply " + stop);
            long next = session.pc();
            assertNotEquals(pc, next, "step " + (steps + 1) + " moved the pc");
            assertTrue(target.flash().contains(next, 2), "pc 0x%x lies in flash".formatted(next));
            pc = next;
            steps++;
        }
        assertTrue(steps >= 2, "two stores take more than one instruction, took " + steps);
    }
}
