package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StubFeaturesTest {

    @Test
    void parsesTheQemuReply() {
        StubFeatures f = StubFeatures.parse("PacketSize=1000;qXfer:features:read+;vContSupported+;multiprocess+");
        assertThat(f.packetSize()).isEqualTo(4096);
        assertThat(f.supports("qXfer:features:read")).isTrue();
        assertThat(f.supports("multiprocess")).isTrue();
        assertThat(f.supports("QStartNoAckMode")).isFalse();
        assertThat(f.refuses("QStartNoAckMode")).isFalse();
        assertThat(f.value("PacketSize")).contains("1000");
    }

    @Test
    void parsesRefusalsAndQuestions() {
        StubFeatures f = StubFeatures.parse("PacketSize=4000;QStartNoAckMode-;qXfer:memory-map:read?;swbreak+");
        assertThat(f.packetSize()).isEqualTo(0x4000);
        assertThat(f.refuses("QStartNoAckMode")).isTrue();
        assertThat(f.value("qXfer:memory-map:read")).contains("?");
        assertThat(f.supports("swbreak")).isTrue();
    }

    @Test
    void emptyOrBrokenRepliesFallBackToTheDefaultPacketSize() {
        assertThat(StubFeatures.parse("").packetSize()).isEqualTo(StubFeatures.DEFAULT_PACKET_SIZE);
        assertThat(StubFeatures.parse("").features()).isEmpty();
        assertThat(StubFeatures.parse("PacketSize=zz").packetSize()).isEqualTo(StubFeatures.DEFAULT_PACKET_SIZE);
        assertThat(StubFeatures.parse("PacketSize=10").packetSize()).isEqualTo(StubFeatures.DEFAULT_PACKET_SIZE);
    }
}
