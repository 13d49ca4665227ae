package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exchange-level tests: the library against a scripted stub on a real Unix domain socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RspSessionTest {

    private static final RspOptions FAST =
            RspOptions.defaults().withReplyTimeout(Duration.ofMillis(1500)).withHaltTimeout(Duration.ofMillis(1500));

    private FakeStub stub;
    private RspSession session;

    private RspSession open(FakeStub s) throws Exception {
        return open(s, FAST);
    }

    private RspSession open(FakeStub s, RspOptions options) throws Exception {
        stub = s.start();
        session = RspSession.open(s.endpoint(), options);
        return session;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            session.close();
        }
        if (stub != null) {
            assertThat(stub.packets())
                    .as("the library never sends k on its own")
                    .doesNotContain("k");
            stub.close();
        }
    }

    @Test
    void handshakeReadsFeaturesTargetXmlAndStopReason() throws Exception {
        RspSession s = open(FakeStub.unix());
        assertThat(s.packetSize()).isEqualTo(4096);
        assertThat(s.features().supports("multiprocess")).isTrue();
        assertThat(s.isAckMode()).as("the stub does not support no-ack mode").isTrue();
        assertThat(s.architecture()).isEqualTo(Architecture.ARM);
        assertThat(s.targetDescription().registers()).hasSize(17);
        assertThat(s.targetDescription().annexes()).containsOnlyKeys("target.xml", "m-core.xml", "m-sys.xml");
        assertThat(s.state()).isEqualTo(TargetState.HALTED);
        assertThat(s.lastStop())
                .hasValueSatisfying(st -> assertThat(st.signal()).isEqualTo(5));
        assertThat(s.unsolicitedStopCount()).isZero();
        assertThat(s.maxReadChunk()).isEqualTo(2044);
        assertThat(s.maxWriteChunk()).isEqualTo(2032);

        List<String> p = stub.packets();
        assertThat(p.get(0)).isEqualTo(RspSession.QSUPPORTED);
        assertThat(p.get(1)).isEqualTo("QStartNoAckMode");
        // the core annex is longer than the stub's 100-byte slices, so it took several reads
        assertThat(stub.packetsStartingWith("qXfer:features:read:m-core.xml:").size())
                .isGreaterThan(3);
        assertThat(p).contains("?", "vCont?");
        assertThat(s.toString()).contains("HALTED");
    }

    @Test
    void noAckModeIsUsedWhenTheStubAgrees() throws Exception {
        FakeStub s = FakeStub.unix();
        s.supportNoAck = true;
        RspSession rsp = open(s);
        assertThat(rsp.isAckMode()).isFalse();
        int acks = stub.acksReceived.get();
        stub.writeRam(FakeStub.RAM, new byte[] {1, 2, 3, 4});
        assertThat(rsp.readU32(FakeStub.RAM)).isEqualTo(0x04030201L);
        assertThat(stub.acksReceived.get()).as("no acks after no-ack mode").isEqualTo(acks);
    }

    @Test
    void noAckModeIsNotRequestedWhenDisabled() throws Exception {
        open(FakeStub.unix(), FAST.withTryNoAckMode(false));
        assertThat(stub.packets()).doesNotContain("QStartNoAckMode");
    }

    @Test
    void unsolicitedStopBeforeTheFirstAckIsTolerated() throws Exception {
        FakeStub s = FakeStub.unix();
        s.stopBeforeFirstAck = "T02thread:01;";
        RspSession rsp = open(s);
        assertThat(rsp.features().supports("qXfer:features:read")).isTrue();
        assertThat(rsp.unsolicitedStopCount()).isEqualTo(1);
        assertThat(rsp.lastStop().orElseThrow().raw()).isEqualTo(FakeStub.STOP);
        assertThat(rsp.targetDescription().registers()).hasSize(17);
    }

    @Test
    void unsolicitedStopRightAfterConnectIsTolerated() throws Exception {
        FakeStub s = FakeStub.unix();
        s.greeting = "T02thread:01;";
        RspSession rsp = open(s);
        assertThat(rsp.packetSize()).isEqualTo(4096);
        assertThat(rsp.unsolicitedStopCount()).isEqualTo(1);
        assertThat(rsp.state()).isEqualTo(TargetState.HALTED);
    }

    @Test
    void unsolicitedStopBetweenRequestsIsRecorded() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        stub.sendPacket("S05");
        Thread.sleep(50);
        assertThat(rsp.readU32(FakeStub.RAM)).isZero();
        assertThat(rsp.unsolicitedStopCount()).isEqualTo(1);
        assertThat(rsp.lastStop().orElseThrow().raw()).isEqualTo("S05");
    }

    @Test
    void packetsRejectedWithMinusAreResent() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        stub.writeRam(FakeStub.RAM + 8, new byte[] {(byte) 0xef, (byte) 0xbe, (byte) 0xad, (byte) 0xde});
        stub.nakNext = 2;
        assertThat(rsp.readU32(FakeStub.RAM + 8)).isEqualTo(0xdeadbeefL);
        assertThat(rsp.resendCount()).isEqualTo(2);
        assertThat(stub.packetsStartingWith("m20000008")).hasSize(1);
    }

    @Test
    void resendsAreBounded() throws Exception {
        RspSession rsp = open(FakeStub.unix(), FAST.withMaxRetries(2));
        stub.nakNext = 10;
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("rejected 'm20000000,4' 3 times");
    }

    @Test
    void corruptRepliesAreAnsweredWithMinusAndReceivedAgain() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        stub.writeRam(FakeStub.RAM, new byte[] {0x78, 0x56, 0x34, 0x12});
        stub.corruptNext = 1;
        assertThat(rsp.readU32(FakeStub.RAM)).isEqualTo(0x12345678L);
        assertThat(stub.naksReceived.get()).isEqualTo(1);
    }

    @Test
    void runLengthEncodedRepliesAreExpanded() throws Exception {
        FakeStub s = FakeStub.unix();
        s.rle = true;
        RspSession rsp = open(s);
        assertThat(rsp.targetDescription().registers()).hasSize(17);
        RegisterValues regs = rsp.readRegisters();
        assertThat(regs.get("r0")).isZero();
        assertThat(regs.get("pc")).isEqualTo(FakeStub.RESET_PC);
        assertThat(rsp.readMemory(FakeStub.RAM, 256)).containsOnly(0);
    }

    @Test
    void memoryIsChunkedToThePacketSizeAndXFallsBackToM() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        rsp.writeMemory(FakeStub.RAM + 0x100, data);
        assertThat(rsp.binaryWriteSupported()).contains(false);
        assertThat(stub.packetsStartingWith("X")).containsExactly("X20000100,0:");
        assertThat(stub.writeSizes).containsExactly(2032, 2032, 936);

        byte[] back = rsp.readMemory(FakeStub.RAM + 0x100, 5000);
        assertThat(back).containsExactly(data);
        assertThat(stub.readSizes).containsExactly(2044, 2044, 912);

        rsp.writeMemory(FakeStub.RAM, new byte[] {1});
        assertThat(stub.packetsStartingWith("X")).as("X is probed only once").hasSize(1);
    }

    @Test
    void binaryWritesEscapeSpecialBytesWhenXIsSupported() throws Exception {
        FakeStub s = FakeStub.unix();
        s.supportX = true;
        RspSession rsp = open(s);
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) "#$}*ab".charAt(i % 6);
        }
        rsp.writeMemory(FakeStub.RAM, data);
        assertThat(rsp.binaryWriteSupported()).contains(true);
        assertThat(stub.packetsStartingWith("M")).isEmpty();
        assertThat(stub.writeSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
        assertThat(rsp.readMemory(FakeStub.RAM, data.length)).containsExactly(data);
    }

    @Test
    void binaryWriteCanBeSwitchedOff() throws Exception {
        FakeStub s = FakeStub.unix();
        s.supportX = true;
        RspSession rsp = open(s, FAST.withUseBinaryWrite(false).withMaxWriteChunk(16));
        rsp.writeMemory(FakeStub.RAM, new byte[40]);
        assertThat(stub.packetsStartingWith("X")).isEmpty();
        assertThat(stub.writeSizes).containsExactly(16, 16, 8);
    }

    @Test
    void wordHelpersAreLittleEndian() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.writeU32(FakeStub.RAM + 4, 0xC0FFEE00L);
        assertThat(stub.ram[4] & 0xff).isEqualTo(0x00);
        assertThat(stub.ram[7] & 0xff).isEqualTo(0xC0);
        assertThat(rsp.readU32(FakeStub.RAM + 4)).isEqualTo(0xC0FFEE00L);
        rsp.writeU32(FakeStub.RAM + 8, -1);
        assertThat(rsp.readU32(FakeStub.RAM + 8)).isEqualTo(0xFFFF_FFFFL);
        rsp.writeU64(FakeStub.RAM + 16, 0x0123_4567_89ab_cdefL);
        assertThat(rsp.readU64(FakeStub.RAM + 16)).isEqualTo(0x0123_4567_89ab_cdefL);
        assertThat(rsp.readU32(FakeStub.RAM + 16)).isEqualTo(0x89ab_cdefL);
        assertThatThrownBy(() -> rsp.writeU32(FakeStub.RAM, 0x1_0000_0000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(rsp.readMemory(FakeStub.RAM, 0)).isEmpty();
    }

    @Test
    void memoryErrorsCarryTheStubsErrorCode() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThatThrownBy(() -> rsp.readU32(0x1000)).isInstanceOfSatisfying(RspErrorReplyException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(0x14);
            assertThat(e.request()).isEqualTo("m1000,4");
            assertThat(e.reply()).isEqualTo("E14");
        });
        assertThat(rsp.isOpen()).isTrue();
    }

    @Test
    void registersByNameNumberAndHelpers() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThat(rsp.pc()).isEqualTo(FakeStub.RESET_PC);
        assertThat(rsp.sp()).isEqualTo(FakeStub.RAM + FakeStub.RAM_SIZE);
        assertThat(rsp.readRegister(25)).isEqualTo(0x0100_0000L);
        assertThat(stub.packets()).contains("pf", "pd", "p19");

        rsp.writeRegister("r1", 0x1234);
        assertThat(stub.packets()).contains("P1=34120000");
        assertThat(rsp.readRegister("r1")).isEqualTo(0x1234);
        rsp.setPc(0x200);
        rsp.setSp(0x2000_8000L);
        rsp.writeRegister(2, -1);
        RegisterValues all = rsp.readRegisters();
        assertThat(all.get("pc")).isEqualTo(0x200);
        assertThat(all.get("sp")).isEqualTo(0x2000_8000L);
        assertThat(all.get("r2")).isEqualTo(0xffff_ffffL);
        assertThat(rsp.pcRegister().regnum()).isEqualTo(15);

        assertThatThrownBy(() -> rsp.readRegister("q0")).hasMessageContaining("no register 'q0'");
        assertThatThrownBy(() -> rsp.writeRegister("r0", 0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rsp.writeRegisterBytes("r0", new byte[2])).hasMessageContaining("takes 4 bytes");
    }

    @Test
    void registerAccessFallsBackToGWhenPIsUnsupported() throws Exception {
        FakeStub s = FakeStub.unix();
        s.supportP = false;
        RspSession rsp = open(s);
        assertThat(rsp.pc()).isEqualTo(FakeStub.RESET_PC);
        rsp.writeRegister("r3", 0xabcdL);
        assertThat(stub.packetsStartingWith("G")).hasSize(1);
        assertThat(stub.regs[3]).isEqualTo(0xabcdL);
        assertThat(rsp.readRegister("r3")).isEqualTo(0xabcdL);
    }

    @Test
    void resumeHaltAndWaitForStop() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThat(rsp.halt().signal()).as("already halted: no interrupt sent").isEqualTo(5);
        assertThat(stub.interrupts.get()).isZero();

        int before = stub.packets().size();
        rsp.resume();
        assertThat(rsp.state()).isEqualTo(TargetState.RUNNING);
        stub.packetsUntil(before, "vCont;c");
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running");
        assertThatThrownBy(() -> rsp.waitForStop(Duration.ofMillis(100)))
                .isInstanceOfSatisfying(RspTimeoutException.class, e -> {
                    assertThat(e.request()).isEqualTo("vCont;c");
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(100));
                    assertThat(e.getMessage()).contains("still running");
                });
        assertThat(rsp.state()).isEqualTo(TargetState.RUNNING);

        StopReply stop = rsp.halt();
        assertThat(stop.signal()).isEqualTo(StopReply.SIGINT);
        assertThat(stub.interrupts.get()).isEqualTo(1);
        assertThat(rsp.state()).isEqualTo(TargetState.HALTED);
        assertThat(rsp.readU32(FakeStub.RAM)).isZero();
        assertThat(rsp.waitForStop(Duration.ofMillis(10))).isSameAs(stop);
    }

    @Test
    void breakpointsAndWatchpoints() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThat(rsp.setBreakpoint(0x1c4)).as("Thumb kind on Cortex-M").isEqualTo(2);
        rsp.setHardwareBreakpoint(0x1c8);
        rsp.setWatchpoint(BreakpointType.WRITE_WATCHPOINT, 0x2000_000cL, 4);
        rsp.setWatchpoint(BreakpointType.READ_WATCHPOINT, 0x2000_0010L, 2);
        rsp.setWatchpoint(BreakpointType.ACCESS_WATCHPOINT, 0x2000_0014L, 1);
        assertThat(stub.packetsStartingWith("Z"))
                .containsExactly("Z0,1c4,2", "Z1,1c8,2", "Z2,2000000c,4", "Z3,20000010,2", "Z4,20000014,1");

        rsp.resume();
        stub.triggerStop("T05thread:p01.01;watch:2000000c;");
        StopReply stop = rsp.waitForStop(Duration.ofSeconds(2));
        assertThat(stop.reason()).isEqualTo(StopReply.Reason.WATCHPOINT);
        assertThat(stop.watchAddress()).hasValue(0x2000_000cL);
        assertThat(rsp.state()).isEqualTo(TargetState.HALTED);

        rsp.clearBreakpoint(0x1c4);
        rsp.clearHardwareBreakpoint(0x1c8);
        rsp.clearWatchpoint(BreakpointType.WRITE_WATCHPOINT, 0x2000_000cL, 4);
        assertThat(stub.packetsStartingWith("z")).containsExactly("z0,1c4,2", "z1,1c8,2", "z2,2000000c,4");
        assertThatThrownBy(() -> rsp.setWatchpoint(BreakpointType.SOFTWARE, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resumeAndStepStepOverABreakpointAtThePc() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        long pc = rsp.pc();
        rsp.setBreakpoint(pc);
        StopReply stop = rsp.step();
        assertThat(stop.signal()).isEqualTo(StopReply.SIGTRAP);
        assertThat(rsp.pc()).as("stepped off the breakpoint").isEqualTo(pc + 2);
        assertThat(stub.codeBreakpoints).as("re-inserted").containsExactly(pc);

        rsp.setPc(pc);
        int before = stub.packets().size();
        rsp.resume();
        assertThat(stub.packetsUntil(before, "vCont;c"))
                .containsSubsequence(
                        "z0," + Long.toHexString(pc) + ",2", "vCont;s", "Z0," + Long.toHexString(pc) + ",2", "vCont;c");
        assertThatThrownBy(() -> rsp.waitForStop(Duration.ofMillis(100)))
                .as("no immediate re-hit")
                .isInstanceOf(RspTimeoutException.class);
        rsp.halt();
    }

    @Test
    void resumeWithoutBreakpointsDoesNotReadThePc() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.setWatchpoint(BreakpointType.WRITE_WATCHPOINT, FakeStub.RAM, 4);
        int before = stub.packets().size();
        rsp.resume();
        assertThat(stub.packetsUntil(before, "vCont;c")).containsExactly("vCont;c");
        rsp.halt();
    }

    @Test
    void detachRemovesInsertedBreakpointsFirst() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.setBreakpoint(0x200);
        rsp.setWatchpoint(BreakpointType.WRITE_WATCHPOINT, FakeStub.RAM, 4);
        rsp.clearBreakpoint(0x200);
        rsp.setHardwareBreakpoint(0x300);
        rsp.detach();
        assertThat(stub.packets()).containsSubsequence("z2,20000000,4", "z1,300,2", "D;1");
        assertThat(stub.packetsStartingWith("z0")).hasSize(1);
    }

    @Test
    void anExitPacketBeforeTheConnectionClosesIsDelivered() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.resume();
        stub.sendPacket("W00");
        stub.disconnect();
        StopReply stop = rsp.waitForStop(Duration.ofSeconds(2));
        assertThat(stop.kind()).isEqualTo(StopReply.Kind.EXITED);
        assertThat(rsp.state()).isEqualTo(TargetState.EXITED);
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM)).isInstanceOf(RspConnectionLostException.class);
        assertThat(rsp.isOpen()).isFalse();
    }

    @Test
    void breakpointKindCanBeForced() throws Exception {
        RspSession rsp = open(FakeStub.unix(), FAST.withBreakpointKind(4));
        assertThat(rsp.setBreakpoint(0x100)).isEqualTo(4);
        rsp.insertBreakpoint(BreakpointType.SOFTWARE, 0x104, 3);
        rsp.removeBreakpoint(BreakpointType.SOFTWARE, 0x104, 3);
        assertThat(stub.packets()).contains("Z0,100,4", "Z0,104,3", "z0,104,3");
    }

    @Test
    void stepReturnsTheStopReply() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        long before = rsp.pc();
        StopReply stop = rsp.step();
        assertThat(stop.signal()).isEqualTo(StopReply.SIGTRAP);
        assertThat(rsp.state()).isEqualTo(TargetState.HALTED);
        assertThat(rsp.pc()).isEqualTo(before + 2);
        assertThat(stub.packets()).contains("vCont;s");
    }

    @Test
    void consoleOutputWhileRunningGoesToTheConsumer() throws Exception {
        List<String> console = new ArrayList<>();
        RspSession rsp = open(FakeStub.unix(), FAST.withConsoleOutput(console::add));
        rsp.resume();
        stub.sendPacket("O" + RspPackets.hexEncodeText("hello\n"));
        stub.triggerStop(FakeStub.STOP);
        assertThat(rsp.waitForStop(Duration.ofSeconds(2)).signal()).isEqualTo(5);
        assertThat(console).containsExactly("hello\n");
    }

    @Test
    void monitorCommandsCollectOutput() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThat(rsp.monitor("info version")).isEqualTo("7.2.22 (fake)\n");
        assertThat(rsp.monitor("hexonly")).isEqualTo("plain\n");
        assertThatThrownBy(() -> rsp.monitor("fail")).isInstanceOf(RspErrorReplyException.class);
        assertThatThrownBy(() -> rsp.monitor("nonsense")).isInstanceOf(RspUnsupportedException.class);
        assertThat(stub.packets()).contains("qRcmd,696e666f2076657273696f6e");
    }

    @Test
    void resetUsesTheConfiguredMonitorCommand() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.setPc(0x400);
        assertThat(rsp.reset()).isEmpty();
        assertThat(stub.packets()).contains("qRcmd,73797374656d5f7265736574");
        assertThat(rsp.pc()).isEqualTo(FakeStub.RESET_PC);
        assertThat(rsp.state()).isEqualTo(TargetState.HALTED);
    }

    @Test
    void resetCommandIsConfigurable() throws Exception {
        RspSession rsp = open(FakeStub.unix(), FAST.withResetCommand("reset"));
        rsp.reset();
        assertThat(stub.packets()).contains("qRcmd," + RspPackets.hexEncodeText("reset"));
    }

    @Test
    void detachUsesTheMultiprocessFormAndCloses() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.detach();
        assertThat(stub.packetsStartingWith("D")).containsExactly("D;1");
        assertThat(rsp.isOpen()).isFalse();
        rsp.detach();
        rsp.close();
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM)).isInstanceOf(RspConnectionLostException.class);
    }

    @Test
    void detachFallsBackToPlainD() throws Exception {
        FakeStub s = FakeStub.unix();
        s.plainDetachOnly = true;
        RspSession rsp = open(s);
        rsp.detach();
        assertThat(stub.packetsStartingWith("D")).containsExactly("D;1", "D");
    }

    @Test
    void detachWithoutMultiprocessSendsPlainD() throws Exception {
        FakeStub s = FakeStub.unix();
        s.multiprocess = false;
        RspSession rsp = open(s);
        rsp.detach();
        assertThat(stub.packetsStartingWith("D")).containsExactly("D");
    }

    @Test
    void detachHaltsARunningTargetFirst() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.resume();
        rsp.detach();
        assertThat(stub.interrupts.get()).isEqualTo(1);
        assertThat(stub.packetsStartingWith("D")).containsExactly("D;1");
    }

    @Test
    void timeoutsNameThePacketAndKeepTheSessionOpen() throws Exception {
        RspSession rsp = open(FakeStub.unix(), FAST.withReplyTimeout(Duration.ofMillis(200)));
        stub.mute = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM))
                .isInstanceOfSatisfying(RspTimeoutException.class, e -> {
                    assertThat(e.request()).isEqualTo("m20000000,4");
                    assertThat(e.getMessage())
                            .contains("'m20000000,4'")
                            .contains("200 ms")
                            .contains(stub.endpoint());
                })
                .isNotInstanceOf(RspConnectionLostException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(rsp.isOpen()).isTrue();
        stub.mute = false;
        assertThat(rsp.readU32(FakeStub.RAM)).isZero();
    }

    @Test
    void aClosedConnectionIsReportedAsLostNotAsTimeout() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        stub.closeOnPrefix = "m";
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM))
                .isInstanceOf(RspConnectionLostException.class)
                .hasMessageContaining("closed the connection")
                .hasMessageContaining("m20000000,4");
        assertThat(rsp.isOpen()).isFalse();
        assertThatThrownBy(() -> rsp.readU32(FakeStub.RAM))
                .isInstanceOf(RspConnectionLostException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeFromAnotherThreadEndsABlockedWait() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.resume();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                rsp.waitForStop(Duration.ofSeconds(30));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(200);
        long start = System.nanoTime();
        rsp.close();
        rsp.close();
        Throwable t = waiter.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(RspConnectionLostException.class).hasMessageContaining("session was closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void killIsSentOnlyWhenAskedAndEndsTheSession() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        rsp.kill();
        assertThat(rsp.isOpen()).isFalse();
        stub.packetsUntil(0, "k");
        stub.packets.remove("k"); // tearDown checks that nothing else sent k
        rsp.kill();
    }

    @Test
    void rawCommandsReturnTheReplyAsIs() throws Exception {
        RspSession rsp = open(FakeStub.unix());
        assertThat(rsp.command("qUnknown")).isEmpty();
        assertThat(rsp.command("m1000,4")).isEqualTo("E14");
    }

    @Test
    void tcpTransportWorksToo() throws Exception {
        RspSession rsp = open(FakeStub.tcp());
        assertThat(rsp.description()).startsWith("tcp:127.0.0.1:");
        rsp.writeU32(FakeStub.RAM, 42);
        assertThat(rsp.readU32(FakeStub.RAM)).isEqualTo(42);
    }
}
