package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetDescriptionParserTest {

    private final List<String> loaded = new ArrayList<>();

    private String resource(String name) {
        loaded.add(name);
        try (InputStream in = getClass().getResourceAsStream("/target-xml/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void armMProfileWithFpu() throws Exception {
        TargetDescription d = TargetDescriptionParser.parse(resource("arm-m4f.xml"));
        assertThat(d.architectureName()).isEqualTo("arm");
        assertThat(d.architecture()).isEqualTo(Architecture.ARM);
        assertThat(d.isArmMProfile()).isTrue();
        assertThat(d.features())
                .containsExactly("org.gnu.gdb.arm.m-profile", "org.gnu.gdb.arm.vfp", "org.gnu.gdb.arm.m-system");

        assertThat(d.register("r0"))
                .hasValueSatisfying(r -> assertThat(r.regnum()).isZero());
        assertThat(d.register("sp")).hasValueSatisfying(r -> {
            assertThat(r.regnum()).isEqualTo(13);
            assertThat(r.type()).isEqualTo("data_ptr");
            assertThat(r.group()).isEqualTo("general");
        });
        assertThat(d.register("pc").orElseThrow().regnum()).isEqualTo(15);
        // xpsr has an explicit regnum of 25; the next registers continue from there
        assertThat(d.register("xpsr").orElseThrow().regnum()).isEqualTo(25);
        Register d0 = d.register("d0").orElseThrow();
        assertThat(d0.regnum()).isEqualTo(26);
        assertThat(d0.bitsize()).isEqualTo(64);
        assertThat(d0.byteSize()).isEqualTo(8);
        assertThat(d0.group()).isEqualTo("float");
        assertThat(d.register("fpscr").orElseThrow().regnum()).isEqualTo(42);
        assertThat(d.register("msp")).hasValueSatisfying(r -> {
            assertThat(r.regnum()).isEqualTo(43);
            assertThat(r.group()).isEqualTo("system");
            assertThat(r.feature()).isEqualTo("org.gnu.gdb.arm.m-system");
        });
        assertThat(d.register(44).orElseThrow().name()).isEqualTo("psp");
        assertThat(d.registers()).hasSize(17 + 16 + 1 + 2);
    }

    @Test
    void gPacketOffsetsHaveNoGapsForUnusedNumbers() throws Exception {
        TargetDescription d = TargetDescriptionParser.parse(resource("arm-m4f.xml"));
        assertThat(d.gPacketOffset(d.register("r1").orElseThrow())).isEqualTo(4);
        assertThat(d.gPacketOffset(d.register("pc").orElseThrow())).isEqualTo(60);
        assertThat(d.gPacketOffset(d.register("xpsr").orElseThrow())).isEqualTo(64);
        assertThat(d.gPacketOffset(d.register("d0").orElseThrow())).isEqualTo(68);
        assertThat(d.gPacketOffset(d.register("d1").orElseThrow())).isEqualTo(76);
    }

    @Test
    void riscvWithUndeclaredXiIncludes() throws Exception {
        TargetDescription d = TargetDescriptionParser.parse(
                "target.xml", name -> resource(name.equals("target.xml") ? "riscv-target.xml" : name));
        assertThat(loaded).containsExactly("riscv-target.xml", "rv32-core.xml", "rv32-fpu.xml", "rv32-csr.xml");
        assertThat(d.annexes()).containsOnlyKeys("target.xml", "rv32-core.xml", "rv32-fpu.xml", "rv32-csr.xml");
        assertThat(d.architectureName()).isEqualTo("riscv:rv32");
        assertThat(d.architecture()).isEqualTo(Architecture.RISCV);
        assertThat(d.features())
                .containsExactly("org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu", "org.gnu.gdb.riscv.csr");

        assertThat(d.register("zero").orElseThrow().regnum()).isZero();
        assertThat(d.register("sp").orElseThrow().regnum()).isEqualTo(2);
        assertThat(d.register("a0").orElseThrow().regnum()).isEqualTo(10);
        assertThat(d.register("pc").orElseThrow().regnum()).isEqualTo(32);
        assertThat(d.register("ra").orElseThrow().type()).isEqualTo("code_ptr");
        assertThat(d.register("f0").orElseThrow()).satisfies(r -> {
            assertThat(r.regnum()).isEqualTo(33);
            assertThat(r.group()).isEqualTo("float");
        });
        assertThat(d.register("f7").orElseThrow().regnum()).isEqualTo(40);
        assertThat(d.register("fflags").orElseThrow().regnum()).isEqualTo(66);
        assertThat(d.register("fcsr").orElseThrow().regnum()).isEqualTo(68);
        assertThat(d.register("mstatus").orElseThrow()).satisfies(r -> {
            assertThat(r.regnum()).isEqualTo(833);
            assertThat(r.group()).isEqualTo("system");
        });
        assertThat(d.register("misa").orElseThrow().regnum()).isEqualTo(834);
        assertThat(d.register("mcause").orElseThrow().regnum()).isEqualTo(899);
        assertThat(d.registers()).extracting(Register::regnum).isSorted();
        assertThat(d.firstRegister(Architecture.RISCV.spNames()).orElseThrow().name())
                .isEqualTo("sp");
    }

    @Test
    void riscvNumericNamesResolveTheStackPointerAsX2() throws Exception {
        StringBuilder xml = new StringBuilder(
                "<target><architecture>riscv:rv64</architecture>" + "<feature name=\"org.gnu.gdb.riscv.cpu\">");
        for (int i = 0; i < 32; i++) {
            xml.append("<reg name=\"x").append(i).append("\" bitsize=\"64\"/>");
        }
        xml.append("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/></feature></target>");
        TargetDescription d = TargetDescriptionParser.parse(xml.toString());
        assertThat(d.firstRegister(d.architecture().spNames()).orElseThrow().name())
                .isEqualTo("x2");
        assertThat(d.register("pc").orElseThrow().byteSize()).isEqualTo(8);
    }

    @Test
    void qemuStyleIncludeOfAFeatureDocument() throws Exception {
        TargetDescription d = TargetDescriptionParser.parse("target.xml", name -> switch (name) {
            case "target.xml" -> FakeStub.TARGET_XML;
            case "m-core.xml" -> FakeStub.CORE_XML;
            case "m-sys.xml" -> FakeStub.SYS_XML;
            default -> throw new RspException("no " + name);
        });
        assertThat(d.registers()).hasSize(17);
        assertThat(d.isArmMProfile()).isTrue();
        assertThat(d.features()).containsExactly("org.gnu.gdb.arm.m-profile", "org.qemu.gdb.arm.sys.regs");
    }

    @Test
    void errorsAreReported() {
        assertThatThrownBy(() -> TargetDescriptionParser.parse("<target><feature name=\"a\">"))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> TargetDescriptionParser.parse("<target><xi:include href=\"other.xml\"/></target>"))
                .isInstanceOf(RspException.class)
                .hasMessageContaining("other.xml");
        assertThatThrownBy(() -> TargetDescriptionParser.parse(
                        "<feature name=\"f\"><reg name=\"r0\" bitsize=\"12\"/></feature>"))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("bitsize");
        assertThatThrownBy(() -> TargetDescriptionParser.parse(
                        "<feature name=\"f\"><reg name=\"r0\" bitsize=\"32\" regnum=\"x\"/></feature>"))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("regnum");
        assertThatThrownBy(() -> TargetDescriptionParser.parse("<html/>"))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("<html>");
        assertThatThrownBy(() -> TargetDescriptionParser.parse(
                        "target.xml", n -> "<target><xi:include href=\"target.xml\"/></target>"))
                .isInstanceOf(RspProtocolException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void externalEntitiesAreNotResolved() throws Exception {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"http://example.invalid/gdb-target.dtd\">"
                + "<target><architecture>arm</architecture></target>";
        assertThat(TargetDescriptionParser.parse(xml).architectureName()).isEqualTo("arm");
    }

    @Test
    void emptyDescription() {
        assertThat(TargetDescription.empty().registers()).isEmpty();
        assertThat(TargetDescription.empty().architecture()).isEqualTo(Architecture.UNKNOWN);
    }
}
