package dev.hive.runner.api;

import dev.hive.protocol.rack.Architecture;
import dev.hive.protocol.rack.MemoryKind;
import dev.hive.protocol.rack.MemoryRegion;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Targets, probes and channels as the runner would hand them to tests. */
final class Targets {

    static final Map<String, Long> SYMBOLS = Map.of("hive_header", 0x0800_0200L, "hive_counter", 0x2000_0010L);

    private Targets() {}

    static TargetInfo target(String name, Architecture architecture) {
        return new TargetInfo(
                name,
                architecture,
                architecture == Architecture.ARM ? "cortex-m3" : "rv32imac",
                List.of(
                        new MemoryRegion(MemoryKind.FLASH, 0x0800_0000L, 0x2_0000L),
                        new MemoryRegion(MemoryKind.RAM, 0x2000_0000L, 0x2000L)),
                "default",
                SYMBOLS,
                Map.of("HIVE_UID", "0x8dc1dc22b8c201dbULL"),
                0x8dc1dc22b8c201dbL);
    }

    static ProbeInfo probe(int channel) {
        return new ProbeInfo(
                "VIRTUAL_GDB",
                "Virtual GDB probe " + channel,
                "hive-virtual-" + channel,
                "unix:/tmp/probe-" + channel + ".sock");
    }

    /** A testchannel without UART or GPIO. */
    static TestChannel channel(int index) {
        return new TestChannel() {
            @Override
            public int index() {
                return index;
            }

            @Override
            public boolean hasUart() {
                return false;
            }

            @Override
            public void writeUart(byte[] data) throws IOException {
                throw new UnsupportedOperationException("no UART");
            }

            @Override
            public byte[] readUart(int maxBytes, Duration timeout) throws IOException {
                throw new UnsupportedOperationException("no UART");
            }

            @Override
            public boolean inputIsHigh(int pin) {
                throw new UnsupportedOperationException("GPIO is not available on this rack");
            }

            @Override
            public void setOutput(boolean high) {
                throw new UnsupportedOperationException("GPIO is not available on this rack");
            }
        };
    }
}
