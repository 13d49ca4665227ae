package dev.hive.example.rsp.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.example.rsp.Architecture;
import dev.hive.example.rsp.BreakpointType;
import dev.hive.example.rsp.RspConnectionLostException;
import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.StopReply;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's own tests against live QEMU targets: an ARMv7-M, an ARMv6-M and a RISC-V board. */
class RspSessionLiveTest {

    static final String RACK =
            """
            name: live
            backend: virtual
            channels: 1
            stacks:
              - name: a
                targets: [lm3s6965evb, microbit, sifive_e]
            """;
    static final SlotAddress CORTEX_M3 = new SlotAddress(0, 0);
    static final SlotAddress CORTEX_M0 = new SlotAddress(0, 1);
    static final SlotAddress RISCV = new SlotAddress(0, 2);

    @TempDir
    static Path work;

    static FlashedVirtualRack live;

    @BeforeAll
    static void start() {
        live = FlashedVirtualRack.start(RACK, "live rack", work);
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    @AfterEach
    void disconnect() {
        live.rack().disconnect(0);
    }

    private RspSession open(SlotAddress slot) throws Exception {
        live.rack().connect(0, slot);
        return RspSession.open(live.probe(0));
    }

    @Test
    void readsTheRegisterMapFromTargetXml() throws Exception {
        try (var arm = open(CORTEX_M3)) {
            assertThat(arm.architecture()).isEqualTo(Architecture.ARM);
            assertThat(arm.targetDescription().isArmMProfile()).isTrue();
            assertThat(arm.readRegisters().names()).contains("r0", "sp", "lr", "pc", "xpsr");
            arm.detach();
        }
        try (var riscv = open(RISCV)) {
            assertThat(riscv.architecture()).isEqualTo(Architecture.RISCV);
            assertThat(riscv.readRegisters().names()).contains("pc", "sp");
            riscv.detach();
        }
    }

    @Test
    void writesAndReadsRamAcrossManyChunks() throws Exception {
        try (var session = open(CORTEX_M3)) {
            var checks = new TestprogramChecks(session, live.image(CORTEX_M3));
            long scratch = checks.symbol("_ebss") + 0x100;
            byte[] data = new byte[6000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7 + 3);
            }
            session.writeMemory(scratch, data);
            assertThat(session.readMemory(scratch, data.length)).isEqualTo(data);
            session.writeRegister("r1", 0x1234_5678L);
            assertThat(session.readRegister("r1")).isEqualTo(0x1234_5678L);
            session.detach();
        }
    }

    @Test
    void checksTheTestprogramOnEveryCoreFamily() throws Exception {
        for (SlotAddress slot : new SlotAddress[] {CORTEX_M3, CORTEX_M0, RISCV}) {
            try (var session = open(slot)) {
                var checks = new TestprogramChecks(session, live.image(slot));
                checks.constants(live.build().uid());
                checks.counterAdvances();
                checks.mailboxRoundTrip(41);
                checks.breakpointAndStep();
                session.detach();
            }
            live.rack().disconnect(0);
        }
    }

    @Test
    void hardwareBreakpointAndWriteWatchpointStopTheCore() throws Exception {
        try (var session = open(CORTEX_M3)) {
            var checks = new TestprogramChecks(session, live.image(CORTEX_M3));
            long tick = checks.symbol("hive_tick");
            session.setHardwareBreakpoint(tick);
            session.resume();
            assertThat(session.waitForStop(Duration.ofSeconds(5)).isStopped()).isTrue();
            assertThat(session.pc()).isEqualTo(tick);
            session.clearHardwareBreakpoint(tick);

            long counter = checks.symbol("hive_counter");
            session.setWatchpoint(BreakpointType.WRITE_WATCHPOINT, counter, 4);
            session.resume();
            StopReply stop = session.waitForStop(Duration.ofSeconds(5));
            assertThat(stop.isWatchpoint()).isTrue();
            assertThat(stop.watchAddress()).hasValue(counter);
            session.clearWatchpoint(BreakpointType.WRITE_WATCHPOINT, counter, 4);
            session.detach();
        }
    }

    @Test
    void resetStartsTheProgramAgain() throws Exception {
        try (var session = open(CORTEX_M3)) {
            var checks = new TestprogramChecks(session, live.image(CORTEX_M3));
            long dataWord = checks.symbol("hive_data_word");
            session.writeU32(dataWord, 0); // RAM survives a reset: only the start-up code puts the value back
            session.reset();
            assertThat(session.pc()).isEqualTo(checks.symbol("Reset_Handler"));
            checks.runUntil(() -> session.readU32(dataWord) == TestprogramChecks.DATA_WORD, 5);
            assertThat(session.readU32(dataWord))
                    .as("the data word, copied again by the start-up code")
                    .isEqualTo(TestprogramChecks.DATA_WORD);
            checks.counterAdvances();
            session.detach();
        }
    }

    @Test
    void aKilledTargetIsAConnectionLostNotATimeout() throws Exception {
        try (var session = open(CORTEX_M0)) {
            session.resume();
            ProcessHandle.of(live.rack().processId(CORTEX_M0).orElseThrow())
                    .orElseThrow()
                    .destroyForcibly();
            assertThatThrownBy(() -> session.waitForStop(Duration.ofSeconds(5)))
                    .isInstanceOf(RspConnectionLostException.class);
        }
        live.rack().connect(0, CORTEX_M0);
        try (var session = RspSession.open(live.probe(0))) {
            new TestprogramChecks(session, live.image(CORTEX_M0))
                    .constants(live.build().uid());
            session.detach();
        }
    }
}
