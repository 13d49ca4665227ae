package dev.hive.example.rsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RspOptionsTest {

    @Test
    void defaultsSuitQemu() {
        RspOptions o = RspOptions.defaults();
        assertThat(o.resetCommand()).isEqualTo("system_reset");
        assertThat(o.maxRetries()).isEqualTo(3);
        assertThat(o.tryNoAckMode()).isTrue();
        assertThat(o.replyTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withersChangeOneFieldOnly() {
        RspOptions o = RspOptions.defaults().withResetCommand("reset").withMaxReadChunk(512);
        assertThat(o.resetCommand()).isEqualTo("reset");
        assertThat(o.maxReadChunk()).isEqualTo(512);
        assertThat(o.replyTimeout()).isEqualTo(RspOptions.defaults().replyTimeout());
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> RspOptions.defaults().withReplyTimeout(Duration.ZERO))
                .hasMessageContaining("replyTimeout");
        assertThatThrownBy(() -> RspOptions.defaults().withMaxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RspOptions.defaults().withMaxWriteChunk(-5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
