package dev.hive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hive.bench.LeaseBench.DirectLink;
import dev.hive.bench.LeaseBench.HiveGdb;
import dev.hive.bench.LeaseBench.Rsp;
import dev.hive.bench.LeaseBench.StreamLink;
import dev.hive.bench.LeaseBench.TcpLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two builds of {@code hive gdb} side by side against one monitor (issue 15): {@code java -cp …
 * dev.hive.bench.LeaseCliComparison OTHER_BIN_HIVE [ROUNDS [READS]]} from the repository's root, where {@code
 * OTHER_BIN_HIVE} is another build's launcher (a copy of its {@code cli/bin} and {@code cli/target}). Both are started
 * on the same lease, warmed up, and then measured round by round, the variants in turn (direct on the probe's socket,
 * the CLI's StreamSocket on this thread, this build's {@code hive gdb}, the other's), so that the machine's load
 * weighs on all of them alike. It prints each variant's p50 / p99 and / direct p50 for 4 B and 4 KiB reads, and the
 * CPU time (user + sys) the {@code hive gdb} process and the monitor spent per read. Not part of {@code bench/run}.
 */
final class LeaseCliComparison {

    private LeaseCliComparison() {}

    public static void main(String[] args) throws Exception {
        Path other = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Report report = new Report();
        LeaseBench helper = new LeaseBench(false, report);
        Path runDir = Files.createTempDirectory("hive-lease-compare-");
        try (MonitorProcess monitor = MonitorProcess.start(LeaseBench.RACK.formatted(runDir))) {
            JsonNode lease = helper.post(monitor, "/api/v1/leases", "{\"target\":\"lm3s6965evb\",\"minutes\":30}");
            long id = lease.path("id").asLong();
            Path probe = LeaseBench.probeSocket(runDir);
            try (HiveGdb mine = HiveGdb.start(monitor, id);
                    HiveGdb theirs = HiveGdb.start(other, monitor, id)) {
                for (int bytes : new int[] {4, 4096}) {
                    Map<String, Variant> variants = new LinkedHashMap<>();
                    variants.put("direct", new Variant(() -> new DirectLink(probe), null));
                    variants.put(
                            "StreamSocket, no hive gdb leg",
                            new Variant(() -> new StreamLink(monitor, helper.ticket(monitor, id)), null));
                    variants.put("hive gdb, this build", new Variant(() -> new TcpLink(mine.port), mine.process));
                    variants.put("hive gdb, " + other, new Variant(() -> new TcpLink(theirs.port), theirs.process));
                    for (Variant v : variants.values()) {
                        v.warmUp(bytes);
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (Variant v : variants.values()) {
                            v.measure(bytes, reads, monitor.process);
                        }
                    }
                    double d50 = LeaseBench.percentile(variants.get("direct").millis, 50);
                    for (var e : variants.entrySet()) {
                        Variant v = e.getValue();
                        double p50 = LeaseBench.percentile(v.millis, 50);
                        report.add(
                                bytes + " B, " + e.getKey(),
                                "p50 %.3f ms, p99 %.3f ms; / direct p50 %.2fx"
                                        .formatted(p50, LeaseBench.percentile(v.millis, 99), p50 / d50),
                                "CPU per read: hive gdb %s, monitor %.1f µs"
                                        .formatted(
                                                v.cli == null
                                                        ? "-"
                                                        : "%.1f µs".formatted(v.cliMicros / v.millis.size()),
                                                v.monitorMicros / v.millis.size()));
                    }
                }
            }
            try (Rsp rsp = new Rsp(new DirectLink(probe))) {
                rsp.command("D");
            }
            helper.delete(monitor, "/api/v1/leases/" + id);
        }
        report.add(
                "rounds x reads per variant",
                rounds + " x " + reads + ", interleaved",
                "load average at the end: "
                        + Files.readString(Path.of("/proc/loadavg")).strip());
        report.print(System.out);
    }

    /**
     * One way to the stub, its times and the CPU spent on it. The stub serves one connection at a time (a new one
     * takes it over), so each block of reads opens its own link: a new WebSocket (and ticket) through the tunnel.
     */
    private static final class Variant {
        final LeaseBench.LinkFactory links;
        final Process cli;
        final List<Double> millis = new ArrayList<>();
        double cliMicros;
        double monitorMicros;

        Variant(LeaseBench.LinkFactory links, Process cli) {
            this.links = links;
            this.cli = cli;
        }

        void warmUp(int bytes) throws Exception {
            try (Rsp rsp = new Rsp(links.open())) {
                LeaseBench.warmUp(rsp, bytes, 500);
            }
        }

        /** One block: a link, a few reads not counted (the new connection's first), then {@code reads} timed. */
        void measure(int bytes, int reads, Process monitor) throws Exception {
            try (Rsp rsp = new Rsp(links.open())) {
                LeaseBench.warmUp(rsp, bytes, 20);
                long cli0 = cpu(cli);
                long monitor0 = cpu(monitor);
                millis.addAll(LeaseBench.reads(rsp, bytes, reads));
                cliMicros += (cpu(cli) - cli0) / 1e3;
                monitorMicros += (cpu(monitor) - monitor0) / 1e3;
            }
        }

        private static long cpu(Process process) {
            return process == null
                    ? 0
                    : process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
        }
    }
}
