package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.bench.LeaseBench.DirectLink;
import dev.hive.bench.LeaseBench.HiveGdb;
import dev.hive.bench.LeaseBench.Rsp;
import dev.hive.bench.LeaseBench.StreamLink;
import dev.hive.bench.LeaseBench.TcpLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two monitors side by side (issue 15, the monitor's share of a lease's GDB stream): {@code java -cp …
 * dev.hive.bench.LeaseMonitorComparison A_LAUNCHER B_LAUNCHER [ROUNDS [READS]]} from the repository's root, where
 * each launcher is a {@code bin/hive-monitor} (another build's, or this one's with other JVM options). Each monitor
 * serves its own 1-board virtual rack with a lease; round by round, the variants in turn, the bench reads 4 B and
 * 4 KiB directly on each rack's probe socket, through each monitor's WebSocket (the CLI's {@code StreamSocket} on
 * this thread) and through a {@code hive gdb} of this build on each lease, so that the machine's load weighs on both
 * alike. It prints p50 / p99, the ratio to the same rack's direct p50, and the CPU time (user + sys) each monitor
 * process spent per read. Not part of {@code bench/run}.
 */
final class LeaseMonitorComparison {

    private LeaseMonitorComparison() {}

    public static void main(String[] args) throws Exception {
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int reads = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        Report report = new Report();
        LeaseBench helper = new LeaseBench(false, report);
        try (Side first = Side.start("A " + a, a, helper);
                Side second = Side.start("B " + b, b, helper)) {
            for (int bytes : new int[] {4, 4096}) {
                Map<String, Variant> variants = new LinkedHashMap<>();
                for (Side side : List.of(first, second)) {
                    variants.put(side.name + ", direct", new Variant(side, () -> new DirectLink(side.probe)));
                    variants.put(
                            side.name + ", through the monitor",
                            new Variant(
                                    side, () -> new StreamLink(side.monitor, helper.ticket(side.monitor, side.lease))));
                    variants.put(side.name + ", hive gdb", new Variant(side, () -> new TcpLink(side.gdb.port)));
                }
                for (Variant v : variants.values()) {
                    v.warmUp(bytes, 5_000);
                }
                for (int r = 0; r < rounds; r++) {
                    for (Variant v : variants.values()) {
                        v.measure(bytes, reads);
                    }
                }
                for (var e : variants.entrySet()) {
                    Variant v = e.getValue();
                    double d50 = LeaseBench.percentile(variants.get(v.side.name + ", direct").millis, 50);
                    double p50 = LeaseBench.percentile(v.millis, 50);
                    report.add(
                            bytes + " B, " + e.getKey(),
                            "p50 %.3f ms, p99 %.3f ms; / its direct p50 %.2fx"
                                    .formatted(p50, LeaseBench.percentile(v.millis, 99), p50 / d50),
                            "monitor CPU per read %.1f µs".formatted(v.monitorMicros / v.millis.size()));
                }
            }
        }
        report.add(
                "rounds x reads per variant",
                rounds + " x " + reads + ", interleaved",
                "load average at the end: "
                        + Files.readString(Path.of("/proc/loadavg")).strip());
        report.print(System.out);
    }

    /** One monitor with its rack and a lease of its board. */
    private static final class Side implements AutoCloseable {
        final String name;
        final MonitorProcess monitor;
        final long lease;
        final Path probe;
        final LeaseBench helper;
        final HiveGdb gdb;

        private Side(String name, MonitorProcess monitor, long lease, Path probe, LeaseBench helper) throws Exception {
            this.name = name;
            this.monitor = monitor;
            this.lease = lease;
            this.probe = probe;
            this.helper = helper;
            this.gdb = HiveGdb.start(monitor, lease);
        }

        static Side start(String name, Path launcher, LeaseBench helper) throws Exception {
            Path runDir = Files.createTempDirectory("hive-lease-monitors-");
            MonitorProcess monitor = MonitorProcess.start(launcher, Map.of(), LeaseBench.RACK.formatted(runDir), "");
            try {
                JsonNode lease = helper.post(monitor, "/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":30}");
                return new Side(name, monitor, lease.path("id").asLong(), LeaseBench.probeSocket(runDir), helper);
            } catch (Exception e) {
                monitor.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try (MonitorProcess m = monitor;
                    HiveGdb g = gdb) {
                try (Rsp rsp = new Rsp(new DirectLink(probe))) {
                    rsp.command("D");
                }
                helper.delete(m, "/api/v1/leases/" + lease);
            }
        }
    }

    /** One way to one rack's stub, its times and its monitor's CPU. A new link per block (one client at a time). */
    private static final class Variant {
        final Side side;
        final LeaseBench.LinkFactory links;
        final List<Double> millis = new ArrayList<>();
        double monitorMicros;

        Variant(Side side, LeaseBench.LinkFactory links) {
            this.side = side;
            this.links = links;
        }

        void warmUp(int bytes, int reads) throws Exception {
            try (Rsp rsp = new Rsp(links.open())) {
                LeaseBench.warmUp(rsp, bytes, reads);
            }
        }

        void measure(int bytes, int reads) throws Exception {
            try (Rsp rsp = new Rsp(links.open())) {
                LeaseBench.warmUp(rsp, bytes, 20);
                long cpu0 = side.monitor.cpuMillis();
                millis.addAll(LeaseBench.reads(rsp, bytes, reads));
                monitorMicros += (side.monitor.cpuMillis() - cpu0) * 1e3;
            }
        }
    }
}
