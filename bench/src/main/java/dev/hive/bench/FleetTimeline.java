package dev.hive.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Where one fleet run's wall time goes outside the racks' shares: the {@code hive test} process's output lines,
 * each with the time this JVM read it, set against the shard events as the hub passed them on ({@link
 * BenchFleet.Seen}, the same clock). The CLI prints "Run N submitted" once the front answered the POST with a
 * ticket, "Queued: position" once its run socket is open, "Phase: RUNNING" once the front has published every shard;
 * a rack's first event of a shard is its PREPARING, sent as its task runner takes the local run the shard became.
 */
final class FleetTimeline {

    /** One line of the CLI's output and when it was read (this JVM's nanoTime). */
    record Line(long nanos, String text) {}

    /** The gaps outside the racks' shares, in milliseconds (-1 where the run did not show the step). */
    record Gaps(
            long toSubmitted,
            long toSocket,
            long toDispatched,
            long toFirstEvent,
            long betweenShardsMax,
            long betweenShardsMean,
            int betweenShards,
            long lastEventToExit,
            long runnerStartMean) {

        String figure() {
            return ("CLI start -> submitted %d ms -> socket open %d ms -> shards published %d ms -> first shard"
                            + " event %d ms; a rack's shard end -> its next shard's first event: mean %d ms, max"
                            + " %d ms (%d gaps); last shard event -> CLI exit %d ms; (inside the shares: a shard's"
                            + " first event -> its first test, mean %d ms)")
                    .formatted(
                            toSubmitted,
                            toSocket,
                            toDispatched,
                            toFirstEvent,
                            betweenShardsMean,
                            betweenShardsMax,
                            betweenShards,
                            lastEventToExit,
                            runnerStartMean);
        }
    }

    private static final long WALL0 = System.currentTimeMillis();
    private static final long NANO0 = System.nanoTime();
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final long start;
    private final List<Line> lines;
    private final long exit;

    private FleetTimeline(long start, List<Line> lines, long exit) {
        this.start = start;
        this.lines = lines;
        this.exit = exit;
    }

    /** Reads the process's output to its end, timing each line; {@code start} is when the process was started. */
    static FleetTimeline follow(Process hive, long start) throws IOException, InterruptedException {
        List<Line> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(hive.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(new Line(System.nanoTime(), line));
            }
        }
        hive.waitFor(10, TimeUnit.MINUTES);
        return new FleetTimeline(start, lines, System.nanoTime());
    }

    long wallMillis() {
        return TimeUnit.NANOSECONDS.toMillis(exit - start);
    }

    String output() {
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l.text()).append('\n'));
        return out.toString();
    }

    private OptionalLong first(Predicate<String> matches) {
        return lines.stream()
                .filter(l -> matches.test(l.text()))
                .mapToLong(Line::nanos)
                .findFirst();
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    /** The gaps of this run, given the shard events the hub passed on during it. */
    Gaps gaps(List<BenchFleet.Seen> seen) {
        long submitted =
                first(t -> t.startsWith("Run ") && t.contains(" submitted to ")).orElse(start);
        long socket =
                first(t -> t.startsWith("Queued:") || t.startsWith("Phase:")).orElse(submitted);
        long dispatched = first(t -> t.equals("Phase: RUNNING")).orElse(socket);
        long firstEvent = seen.stream().mapToLong(BenchFleet.Seen::nanos).min().orElse(dispatched);
        long lastEvent = seen.stream().mapToLong(BenchFleet.Seen::nanos).max().orElse(exit);
        // Each rack's shards in the order it ran them: the gap from one's last event to the next one's first.
        Map<String, Map<String, long[]>> byRack = new LinkedHashMap<>();
        Map<String, Long> firstTest = new LinkedHashMap<>();
        for (BenchFleet.Seen s : seen) {
            long[] span = byRack.computeIfAbsent(s.rackId(), r -> new LinkedHashMap<>())
                    .computeIfAbsent(s.target() + "/" + s.attempt(), k -> new long[] {s.nanos(), s.nanos()});
            span[1] = Math.max(span[1], s.nanos());
            if (s.type().equals("testStarted")) {
                firstTest.putIfAbsent(s.rackId() + "/" + s.target() + "/" + s.attempt(), s.nanos() - span[0]);
            }
        }
        List<Long> between = new ArrayList<>();
        for (Map<String, long[]> shards : byRack.values()) {
            List<long[]> ordered = shards.values().stream()
                    .sorted(Comparator.comparingLong(s -> s[0]))
                    .toList();
            for (int i = 1; i < ordered.size(); i++) {
                between.add(millis(ordered.get(i - 1)[1], ordered.get(i)[0]));
            }
        }
        return new Gaps(
                millis(start, submitted),
                millis(submitted, socket),
                millis(socket, dispatched),
                millis(dispatched, firstEvent),
                between.stream().mapToLong(Long::longValue).max().orElse(-1),
                Math.round(between.stream().mapToLong(Long::longValue).average().orElse(-1)),
                between.size(),
                millis(lastEvent, exit),
                Math.round(firstTest.values().stream()
                        .mapToLong(TimeUnit.NANOSECONDS::toMillis)
                        .average()
                        .orElse(-1)));
    }

    /**
     * Prints the CLI's lines and the shard events in one time order, each with its UTC wall-clock time (as the
     * monitors' logs print theirs), to set them against the front's and the racks' logs.
     */
    void print(List<BenchFleet.Seen> seen) {
        record Row(long nanos, String text) {}
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(start, "cli: started"));
        lines.forEach(l -> rows.add(new Row(l.nanos(), "cli: " + l.text())));
        rows.add(new Row(exit, "cli: exited"));
        seen.forEach(s -> rows.add(new Row(
                s.nanos(), "hub: " + s.rackId() + " " + s.target() + " attempt " + s.attempt() + " " + s.type())));
        rows.sort(Comparator.comparingLong(Row::nanos));
        for (Row r : rows) {
            long wall = WALL0 + TimeUnit.NANOSECONDS.toMillis(r.nanos() - NANO0);
            System.out.println("fleet timeline " + CLOCK.format(Instant.ofEpochMilli(wall)) + " " + r.text());
        }
    }
}
