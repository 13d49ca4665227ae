package dev.hive.runner.prestart;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hive.protocol.ipc.Connect;
import dev.hive.protocol.ipc.Connected;
import dev.hive.protocol.ipc.Disconnect;
import dev.hive.protocol.ipc.Hello;
import dev.hive.protocol.ipc.IpcCodec;
import dev.hive.protocol.ipc.IpcMessage;
import dev.hive.protocol.ipc.IpcProtocolException;
import dev.hive.protocol.ipc.Log;
import dev.hive.protocol.ipc.RunFinished;
import dev.hive.protocol.ipc.TestFinished;
import dev.hive.protocol.ipc.TestStarted;
import dev.hive.protocol.run.Cell;
import dev.hive.protocol.run.Summary;
import dev.hive.protocol.run.TestOutput;
import dev.hive.protocol.run.TestResult;
import dev.hive.protocol.run.TestStatus;
import dev.hive.runner.suite.HiveLauncher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * What a pre-started runner does before it has a run: the IPC codec's Jackson (the process's {@linkplain
 * IpcCodec#shared() codec}, which the run's link then uses: a hello encoded, a welcome decoded, and every message
 * of a run's conversation once each way, so that the run builds no serializer or deserializer of its own) and
 * JUnit's launcher and Jupiter engine (one discovery and one execution of {@link Probe}, a class of the fixed part
 * with one empty test). Nothing of it depends on the candidate, and nothing of it but the codec's Jackson reaches
 * the run: the run builds its own launcher sessions.
 */
final class WarmUp {

    private WarmUp() {}

    static void run() throws IpcProtocolException {
        IpcCodec codec = IpcCodec.shared();
        codec.encode(Hello.of("warm-up", "warm-up"));
        codec.decode(WELCOME);
        for (IpcMessage message : conversation()) {
            codec.decode(codec.encode(message));
        }
        try (var session = HiveLauncher.openSession()) {
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(WarmUp.class.getClassLoader(), Probe.class.getName()))
                    .configurationParameters(Map.of("junit.jupiter.extensions.autodetection.enabled", "false"))
                    .build();
            var launcher = session.getLauncher();
            launcher.execute(launcher.discover(request));
        }
    }

    /** One of each message a run's runner sends or reads after the welcome when all goes well. */
    private static List<IpcMessage> conversation() {
        var cell = new Cell(0, "warm-up probe", "warm-up", 0, 0, "lm3s6965evb");
        Instant now = Instant.now();
        return List.of(
                new Connect(1, 0, 0, 0),
                Connected.success(1),
                new Log(Log.Level.INFO, 0, "warm-up"),
                new TestStarted("[engine:warm-up]", "nothing()", cell, now),
                new TestFinished(new TestResult(
                        "[engine:warm-up]",
                        "nothing()",
                        Probe.class.getName(),
                        "nothing",
                        cell,
                        TestStatus.PASSED,
                        null,
                        null,
                        now,
                        1,
                        null,
                        new TestOutput("", "", List.of()))),
                new Disconnect(2, 0),
                new RunFinished(new Summary(1, 0, 0, 0, 1)));
    }

    /** One empty test for the warm-up's discovery and execution. Not a hive test: no run ever selects it. */
    static final class Probe {
        @Test
        void nothing() {}
    }

    /** A welcome of a rack of one channel and one target, as the monitor sends it (docs/ipc.md). */
    static final String WELCOME = "{\"type\":\"welcome\",\"protocolVersion\":1,\"rack\":{\"name\":\"warm-up\","
            + "\"capabilities\":[\"virtual\"],\"channels\":[{\"index\":0,\"probe\":{\"kind\":\"VIRTUAL_GDB\","
            + "\"identifier\":\"warm-up probe\",\"vendorId\":0,\"productId\":0,\"serial\":\"warm-up\","
            + "\"endpoint\":\"unix:/nonexistent\"},\"uart\":null}],"
            + "\"stacks\":[{\"index\":0,\"name\":\"a\",\"slots\":["
            + "{\"slot\":0,\"target\":{\"name\":\"lm3s6965evb\",\"architecture\":\"ARM\",\"core\":\"cortex-m3\","
            + "\"memory\":[{\"kind\":\"FLASH\",\"origin\":0,\"length\":262144},"
            + "{\"kind\":\"RAM\",\"origin\":536870912,\"length\":65536}],"
            + "\"testprogram\":{\"name\":\"default\",\"uid\":\"8dc1dc22b8c201db\",\"symbols\":{\"hive_header\":1024},"
            + "\"defines\":{\"HIVE_UID\":\"0x8dc1dc22b8c201dbULL\"}},\"flashOk\":true,\"flashMessage\":null}}]}]},"
            + "\"options\":{\"probes\":null,\"targets\":null,\"testTimeoutMillis\":2000,\"runTimeoutMillis\":30000,"
            + "\"selection\":null}}";
}
