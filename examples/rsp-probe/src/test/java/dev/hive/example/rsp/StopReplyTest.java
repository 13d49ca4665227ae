package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StopReplyTest {

    @Test
    void qemuBreakpointStop() {
        StopReply s = StopReply.parse("T05thread:p01.01;");
        assertThat(s.kind()).isEqualTo(StopReply.Kind.SIGNAL);
        assertThat(s.signal()).isEqualTo(StopReply.SIGTRAP);
        assertThat(s.reason()).isEqualTo(StopReply.Reason.SIGNAL);
        assertThat(s.thread()).contains("p01.01");
        assertThat(s.processId()).hasValue(1);
        assertThat(s.isStopped()).isTrue();
        assertThat(s.isWatchpoint()).isFalse();
    }

    @Test
    void qemuHaltAndConnectStops() {
        StopReply halt = StopReply.parse("T02thread:p01.01;");
        assertThat(halt.signal()).isEqualTo(StopReply.SIGINT);
        StopReply connect = StopReply.parse("T02thread:01;");
        assertThat(connect.thread()).contains("01");
        assertThat(connect.processId()).isEmpty();
    }

    @Test
    void watchpointStops() {
        StopReply w = StopReply.parse("T05thread:p01.01;watch:2000000c;");
        assertThat(w.reason()).isEqualTo(StopReply.Reason.WATCHPOINT);
        assertThat(w.isWatchpoint()).isTrue();
        assertThat(w.watchAddress()).hasValue(0x2000000cL);
        assertThat(StopReply.parse("T05rwatch:80000010;").reason()).isEqualTo(StopReply.Reason.READ_WATCHPOINT);
        assertThat(StopReply.parse("T05awatch:ffffffff80000010;").watchAddress())
                .hasValue(0xffffffff80000010L);
    }

    @Test
    void breakpointReasonsAndRegistersAndCore() {
        StopReply s = StopReply.parse("T050f:08010000;0d:f0ff0020;swbreak:;core:1;thread:p2a.3;");
        assertThat(s.reason()).isEqualTo(StopReply.Reason.SOFTWARE_BREAKPOINT);
        assertThat(s.registers()).containsEntry(15, "08010000").containsEntry(13, "f0ff0020");
        assertThat(s.core()).hasValue(1);
        assertThat(s.processId()).hasValue(0x2a);
        assertThat(StopReply.parse("T05hwbreak:;").reason()).isEqualTo(StopReply.Reason.HARDWARE_BREAKPOINT);
        assertThat(StopReply.parse("T05library:;").reason()).isEqualTo(StopReply.Reason.OTHER);
    }

    @Test
    void shortAndExitForms() {
        assertThat(StopReply.parse("S05").signal()).isEqualTo(5);
        StopReply exited = StopReply.parse("W00");
        assertThat(exited.kind()).isEqualTo(StopReply.Kind.EXITED);
        assertThat(exited.exitStatus()).hasValue(0);
        assertThat(exited.isStopped()).isFalse();
        StopReply killed = StopReply.parse("X09;process:1");
        assertThat(killed.kind()).isEqualTo(StopReply.Kind.TERMINATED);
        assertThat(killed.signal()).isEqualTo(9);
        assertThat(killed.processId()).hasValue(1);
        assertThat(StopReply.parse("W01;process:a").exitStatus()).hasValue(1);
    }

    @Test
    void recognisesStopRepliesAmongOtherReplies() {
        assertThat(StopReply.isStopReply("T05thread:p01.01;")).isTrue();
        assertThat(StopReply.isStopReply("S05")).isTrue();
        assertThat(StopReply.isStopReply("W00")).isTrue();
        assertThat(StopReply.isStopReply("OK")).isFalse();
        assertThat(StopReply.isStopReply("")).isFalse();
        assertThat(StopReply.isStopReply("E22")).isFalse();
        assertThat(StopReply.isStopReply("deadbeef")).isFalse();
        assertThat(StopReply.isStopReply("S05extra")).isFalse();
        assertThat(StopReply.isStopReply("Xyz")).isFalse();
        assertThat(StopReply.isStopReply("vCont;c;C;s;S")).isFalse();
        assertThat(StopReply.isStopReply("PacketSize=1000")).isFalse();
        assertThat(StopReply.isStopReply("l<target/>")).isFalse();
    }

    @Test
    void rejectsNonStopReplies() {
        assertThatThrownBy(() -> StopReply.parse("OK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a stop reply");
    }
}
