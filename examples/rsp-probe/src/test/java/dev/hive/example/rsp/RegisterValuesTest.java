package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegisterValuesTest {

    private static TargetDescription arm() throws RspException {
        return TargetDescriptionParser.parse("target.xml", name -> switch (name) {
            case "target.xml" -> FakeStub.TARGET_XML;
            case "m-core.xml" -> FakeStub.CORE_XML;
            default -> FakeStub.SYS_XML;
        });
    }

    @Test
    void decodesAQemuGReplyLittleEndian() throws Exception {
        // r0..r12 = 0, sp = 0x20010000, lr = 0xffffffff, pc = 0x108, xpsr = 0x01000000
        String g = "00000000".repeat(13) + "00000120" + "ffffffff" + "08010000" + "00000001";
        RegisterValues v = new RegisterValues(arm(), g);
        assertThat(v.get("sp")).isEqualTo(0x2001_0000L);
        assertThat(v.get("lr")).isEqualTo(0xffff_ffffL);
        assertThat(v.get("pc")).isEqualTo(0x108L);
        assertThat(v.get(25)).isEqualTo(0x0100_0000L);
        assertThat(v.names()).hasSize(17).startsWith("r0").endsWith("xpsr");
        assertThat(v.asMap()).containsEntry("pc", 0x108L);
        assertThat(v.bytes("pc")).hasValueSatisfying(b -> assertThat(b).containsExactly(8, 1, 0, 0));
        assertThat(v.rawHex()).isEqualTo(g);
    }

    @Test
    void unavailableAndMissingRegistersAreAbsent() throws Exception {
        String g = "xxxxxxxx" + "01000000";
        RegisterValues v = new RegisterValues(arm(), g);
        assertThat(v.contains("r0")).isFalse();
        assertThat(v.get("r1")).isEqualTo(1);
        assertThat(v.contains("pc")).isFalse();
        assertThatThrownBy(() -> v.get("pc")).hasMessageContaining("no value for register 'pc'");
    }

    @Test
    void wideRegistersNeedTheByteAccessor() {
        assertThatThrownBy(() -> RegisterValues.littleEndian("q0", new byte[16]))
                .hasMessageContaining("128 bits");
    }

    @Test
    void rejectsOddHex() {
        assertThatThrownBy(() -> new RegisterValues(arm(), "123")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void littleEndianEncodingChecksTheRange() {
        assertThat(RspSession.littleEndianBytes(0xdeadbeefL, 4, "v")).containsExactly(0xef, 0xbe, 0xad, 0xde);
        assertThat(RspSession.littleEndianBytes(-1, 4, "v")).containsExactly(0xff, 0xff, 0xff, 0xff);
        assertThat(RspSession.littleEndianBytes(Integer.MIN_VALUE, 4, "v")).containsExactly(0, 0, 0, 0x80);
        assertThat(RspSession.littleEndianBytes(-2, 8, "v")).hasSize(8);
        assertThatThrownBy(() -> RspSession.littleEndianBytes(0x1_0000_0000L, 4, "v"))
                .hasMessageContaining("does not fit in 32 bits");
        assertThatThrownBy(() -> RspSession.littleEndianBytes(0x100, 1, "v")).hasMessageContaining("8 bits");
    }
}
