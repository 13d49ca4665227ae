package dev.hive.monitor.runnerjvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.IpcCodec;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.Welcome;
import org.junit.jupiter.api.Test;

class TrainingMonitorTest {

    @Test
    void theTrainingWelcomeIsAValidWelcomeWithATargetButNoChannelSoNothingIsConnected() throws Exception {
        var welcome = (Welcome) new IpcCodec().decode(TrainingMonitor.WELCOME.strip());

        assertThat(welcome.protocolVersion()).isEqualTo(IpcLimits.PROTOCOL_VERSION);
        assertThat(welcome.rack().channels()).isEmpty();
        assertThat(welcome.rack().stacks()).hasSize(1);
        assertThat(welcome.rack().stacks().get(0).slots().get(0).target()).isNotNull();
    }
}
