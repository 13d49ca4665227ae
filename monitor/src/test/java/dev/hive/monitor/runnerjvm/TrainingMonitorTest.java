package dev.hive.monitor.runnerjvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.IpcCodec;
import dev.hive.protocol.ipc.IpcLimits;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.Welcome;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingMonitorTest {

    private final IpcCodec codec = new IpcCodec();

    @Test
    void theTrainingWelcomeIsAValidWelcomeWithOneChannelWhoseProbeIsTheTrainingSocketAndOneFlashedTarget()
            throws Exception {
        Path probe = Path.of("/tmp/some dir/probe.sock");
        var welcome = (Welcome) codec.decode(TrainingMonitor.welcome(probe).strip());

        assertThat(welcome.protocolVersion()).isEqualTo(IpcLimits.PROTOCOL_VERSION);
        assertThat(welcome.rack().channels()).hasSize(1);
        assertThat(welcome.rack().channels().get(0).probe().endpoint()).isEqualTo("unix:" + probe);
        assertThat(welcome.rack().channels().get(0).uart()).isNull();
        assertThat(welcome.rack().stacks()).hasSize(1);
        assertThat(welcome.rack().stacks().get(0).slots().get(0).target().flashOk())
                .isTrue();
        assertThat(welcome.options().testTimeoutMillis()).isEqualTo(TrainingMonitor.TEST_TIMEOUT_MILLIS);
        assertThat(welcome.options().testSelection()).isEqualTo(dev.hive.protocol.run.TestSelection.ALL);
    }

    @Test
    void everyConnectAndDisconnectIsAnsweredYesAndNothingElseIsAnswered(@TempDir Path dir) throws Exception {
        try (var monitor = TrainingMonitor.listen(dir.resolve("ipc.sock"))) {
            assertThat(codec.decode(monitor.answer(codec.encode(new Connect(7, 0, 0, 0)))
                            .strip()))
                    .isEqualTo(Connected.success(7));
            assertThat(codec.decode(
                            monitor.answer(codec.encode(new Disconnect(8, 0))).strip()))
                    .isEqualTo(Connected.success(8));
            assertThat(monitor.answer(codec.encode(new Log(Log.Level.INFO, null, "{\"type\":\"connect\"}"))))
                    .isNull();
            assertThat(monitor.answer("not json")).isNull();
        }
    }

    @Test
    void theProbeSocketAcceptsEverySessionAndClosesItAtOnce(@TempDir Path dir) throws Exception {
        try (var monitor = TrainingMonitor.listen(dir.resolve("ipc.sock"))) {
            for (int i = 0; i < 2; i++)
                try (SocketChannel session = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    session.connect(UnixDomainSocketAddress.of(dir.resolve("probe.sock")));
                    assertThat(session.read(ByteBuffer.allocate(16))).isEqualTo(-1);
                }
        }
    }
}
