package dev.hive.example.rsp.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hive.example.rsp.RspOptions;
import dev.hive.example.rsp.RspSession;
import dev.hive.example.rsp.RspTimeoutException;
import dev.hive.rack.backend.StackBusyException;
import dev.hive.rack.model.SlotAddress;
import dev.hive.rack.model.TargetSlot;
import dev.hive.rack.virtual.FlashedVirtualRack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every testchannel visits every target of a 4-channel, 7-target virtual rack, the way the runner will: one
 * thread per channel, one stack per channel at a time. Through the channel's virtual probe the example library
 * checks the testprogram on each target, and after the switch disconnects, the probe answers nothing.
 */
class VirtualRackMatrixTest {

    static final String RACK =
            """
            name: matrix
            backend: virtual
            channels: 4
            stacks:
              - name: stack-a
                targets: [stm32vldiscovery, netduinoplus2, lm3s6965evb]
              - name: stack-b
                targets: [microbit, mps2-an500]
              - name: stack-c
                targets: [mps2-an505, sifive_e]
            """;

    private static final RspOptions SILENT_PROBE =
            RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(2)).withReplyTimeout(Duration.ofMillis(300));

    @TempDir
    Path work;

    @Test
    void everyChannelReachesEveryTargetAndChecksTheTestprogram() throws Exception {
        try (var live = FlashedVirtualRack.start(RACK, "live rack", work)) {
            List<SlotAddress> slots = live.rack().rack().knownSlots().stream()
                    .map(TargetSlot::address)
                    .toList();
            assertThat(slots).hasSize(7);
            Map<String, String> matrix = new ConcurrentHashMap<>();
            ExecutorService channels = Executors.newFixedThreadPool(4);
            try {
                var futures = new ArrayList<Future<?>>();
                for (int channel = 0; channel < 4; channel++) {
                    int c = channel;
                    futures.add(channels.submit(() -> visitAll(live, c, slots, matrix)));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                channels.shutdownNow();
            }
            printMatrix(live, slots, matrix);
            assertThat(matrix).hasSize(4 * 7);
            assertThat(matrix)
                    .allSatisfy((cell, result) -> assertThat(result).as(cell).isEqualTo("ok"));
        }
    }

    private static Void visitAll(
            FlashedVirtualRack live, int channel, List<SlotAddress> slots, Map<String, String> matrix)
            throws Exception {
        var remaining = new ArrayList<>(slots);
        java.util.Collections.rotate(remaining, -channel * 2);
        while (!remaining.isEmpty()) {
            SlotAddress next = null;
            for (Iterator<SlotAddress> it = remaining.iterator(); it.hasNext(); ) {
                SlotAddress candidate = it.next();
                try {
                    live.rack().connect(channel, candidate);
                    next = candidate;
                    it.remove();
                    break;
                } catch (StackBusyException busy) {
                    // another channel holds that stack; try the next target
                }
            }
            if (next == null) {
                Thread.sleep(5);
                continue;
            }
            matrix.put(cell(live, channel, next), check(live, channel, next));
        }
        return null;
    }

    private static String check(FlashedVirtualRack live, int channel, SlotAddress slot) {
        try {
            try (RspSession session = RspSession.open(live.probe(channel))) {
                var checks = new TestprogramChecks(session, live.image(slot));
                checks.constants(live.build().uid());
                checks.counterAdvances();
                checks.mailboxRoundTrip(0x1234_0000L + channel * 16 + slot.slot());
                checks.breakpointAndStep();
                session.detach();
            }
            live.rack().disconnect(channel);
            assertThatThrownBy(() ->
                            RspSession.open(live.probe(channel), SILENT_PROBE).close())
                    .as("a disconnected probe answers nothing")
                    .isInstanceOf(RspTimeoutException.class);
            return "ok";
        } catch (Throwable failure) {
            live.rack().disconnect(channel);
            return failure.toString();
        }
    }

    private static String cell(FlashedVirtualRack live, int channel, SlotAddress slot) {
        return "channel " + channel + " × " + live.rack().catalogTarget(slot).name();
    }

    private static void printMatrix(FlashedVirtualRack live, List<SlotAddress> slots, Map<String, String> matrix) {
        var sorted = new TreeMap<>(matrix);
        System.out.println("probe × target matrix (" + slots.size() + " targets, 4 channels):");
        sorted.forEach((cell, result) -> System.out.println("  " + cell + ": " + result));
    }
}
