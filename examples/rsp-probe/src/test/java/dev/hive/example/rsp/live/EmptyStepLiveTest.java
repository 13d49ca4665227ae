package dev.hive.example.rsp.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.example.rsp.RspEndpoint;
import dev.hive.example.rsp.RspOptions;
import dev.hive.example.rsp.RspPackets;
import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.RspTransport;
import dev.hive.example.rsp.RspTransports;
import dev.hive.example.rsp.StopReply;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU 7.2 now and then answers a single step with {@code T05} although no instruction ran: a timer interrupt
 * that arrives between the start of the step and the first instruction makes the one-instruction block exit
 * early, and QEMU still reports the step. That is a rare race, so these tests inject it: a transport between
 * the session and a live board answers one step request itself, with the stop reply QEMU sends in that case.
 */
class EmptyStepLiveTest {

    static final String RACK =
            """
            name: empty-step
            backend: virtual
            channels: 1
            stacks:
              - name: a
                targets: [lm3s6965evb]
            """;
    static final SlotAddress BOARD = new SlotAddress(0, 0);

    @TempDir
    static Path work;

    static FlashedVirtualRack live;

    @BeforeAll
    static void start() {
        live = FlashedVirtualRack.start(RACK, "live rack", work);
        live.rack().connect(0, BOARD);
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void aStepOnWhichNoInstructionRanIsRepeated() throws Exception {
        var injector =
                new EmptyStepInjector(RspTransports.open(RspEndpoint.parse(live.probe(0)), Duration.ofSeconds(5)));
        try (var session = RspSession.open(injector, RspOptions.defaults())) {
            long tick = stopAtHiveTick(session);
            session.clearBreakpoint(tick);
            injector.answerNextStepWithoutRunning();
            StopReply stop = session.step();
            assertThat(injector.injected).as("the empty step was injected").isEqualTo(1);
            assertThat(stop.signal()).isEqualTo(StopReply.SIGTRAP);
            assertThat(session.pc()).as("pc after one step").isNotEqualTo(tick);
            assertThat(session.emptyStepRepeatCount()).isEqualTo(1);
            session.detach();
        }
    }

    @Test
    void resumeLeavesTheBreakpointEvenIfTheStepOverItRanNothing() throws Exception {
        var injector =
                new EmptyStepInjector(RspTransports.open(RspEndpoint.parse(live.probe(0)), Duration.ofSeconds(5)));
        try (var session = RspSession.open(injector, RspOptions.defaults())) {
            long tick = stopAtHiveTick(session);
            var checks = new TestprogramChecks(session, live.image(BOARD));
            long calls = session.readU32(checks.symbol("hive_tick_count"));
            injector.answerNextStepWithoutRunning();
            session.resume();
            session.waitForStop(Duration.ofSeconds(5));
            assertThat(injector.injected).isEqualTo(1);
            assertThat(session.pc()).isEqualTo(tick);
            assertThat(session.readU32(checks.symbol("hive_tick_count")))
                    .as("hive_tick ran once before the breakpoint was hit again")
                    .isEqualTo(calls + 1);
            session.clearBreakpoint(tick);
            session.detach();
        }
    }

    @Test
    void aJumpToItselfStaysPutAndIsRepeatedOnlyIfItChangesNothing() throws Exception {
        try (var session = RspSession.open(live.probe(0))) {
            session.halt();
            long pc = session.pc();
            long lr = session.readRegister("lr");
            long code = (new TestprogramChecks(session, live.image(BOARD)).symbol("_ebss") + 0x100) & ~3L;
            session.writeMemory(code, new byte[] {(byte) 0xfe, (byte) 0xe7}); // b .
            session.writeMemory(code + 4, new byte[] {(byte) 0xff, (byte) 0xf7, (byte) 0xfe, (byte) 0xff}); // bl .

            session.setPc(code);
            assertThat(session.step().signal()).isEqualTo(StopReply.SIGTRAP);
            assertThat(session.pc()).as("b . branches to itself").isEqualTo(code);
            assertThat(session.emptyStepRepeatCount()).isEqualTo(RspSession.MAX_EMPTY_STEP_REPEATS);

            session.setPc(code + 4);
            session.writeRegister("lr", 0);
            session.step();
            assertThat(session.pc()).as("bl . branches to itself").isEqualTo(code + 4);
            assertThat(session.readRegister("lr")).isEqualTo(code + 8 + 1);
            assertThat(session.emptyStepRepeatCount())
                    .as("bl . changed lr: not repeated")
                    .isEqualTo(RspSession.MAX_EMPTY_STEP_REPEATS);

            session.writeRegister("lr", lr);
            session.setPc(pc);
            session.detach();
        }
    }

    private static long stopAtHiveTick(RspSession session) throws Exception {
        long tick = new TestprogramChecks(session, live.image(BOARD)).symbol("hive_tick");
        session.setBreakpoint(tick);
        session.resume();
        assertThat(session.waitForStop(Duration.ofSeconds(5)).isStopped()).isTrue();
        assertThat(session.pc()).isEqualTo(tick);
        return tick;
    }

    /**
     * Passes everything through, except one armed step request: that is answered here with the stop reply,
     * as QEMU does when the step ran nothing, and never reaches the stub.
     */
    private static final class EmptyStepInjector implements RspTransport {

        private static final byte[] REPLY = concat(new byte[] {'+'}, RspPackets.frame("T05thread:p01.01;"));

        private final RspTransport stub;
        private volatile boolean armed;
        private boolean swallowAck;
        private byte[] pending;
        private int pendingOffset;
        volatile int injected;

        EmptyStepInjector(RspTransport stub) {
            this.stub = stub;
        }

        void answerNextStepWithoutRunning() {
            armed = true;
        }

        @Override
        public int read(byte[] buffer, long timeoutMillis) throws IOException {
            synchronized (this) {
                if (pending != null) {
                    int n = Math.min(buffer.length, pending.length - pendingOffset);
                    System.arraycopy(pending, pendingOffset, buffer, 0, n);
                    pendingOffset += n;
                    if (pendingOffset == pending.length) {
                        pending = null;
                    }
                    return n;
                }
            }
            return stub.read(buffer, timeoutMillis);
        }

        @Override
        public void write(byte[] data) throws IOException {
            String text = new String(data, StandardCharsets.ISO_8859_1);
            synchronized (this) {
                if (swallowAck && text.equals("+")) {
                    swallowAck = false; // the ack of our own stop reply: the stub never sent it
                    return;
                }
                if (armed && (text.startsWith("$vCont;s#") || text.startsWith("$s#"))) {
                    armed = false;
                    injected++;
                    swallowAck = true;
                    pending = REPLY;
                    pendingOffset = 0;
                    return;
                }
            }
            stub.write(data);
        }

        @Override
        public String description() {
            return stub.description();
        }

        @Override
        public void close() throws IOException {
            stub.close();
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = new byte[a.length + b.length];
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
