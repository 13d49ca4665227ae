package dev.hive.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ITs of {@code hive gdb} and {@code hive console} share: awaiting a line of the running CLI, the lease id
 * it printed, and gdb-multiarch in batch mode through {@code hive gdb}'s port.
 */
final class HiveGdb {

    /** The line {@code hive gdb} prints for GDB; group 1 is the port. */
    static final Pattern TARGET_LINE = Pattern.compile("target extended-remote 127\\.0\\.0\\.1:(\\d+)");

    private HiveGdb() {}

    /** Group 1 of {@code pattern}'s first match in what {@code running} printed, within 60 s. */
    static String awaitOutput(HiveProcess.Running running, Pattern pattern) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = pattern.matcher(running.outSoFar());
            if (m.find()) {
                return m.group(1);
            }
            if (!running.process().isAlive()) {
                throw new AssertionError("hive ended: " + running.await().all());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + pattern + " in 60 s; so far:\n" + running.outSoFar());
    }

    /** The id in the first {@code lease N:} line of {@code out}. */
    static long leaseId(String out) {
        Matcher m = Pattern.compile("lease (\\d+):").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * gdb-multiarch through {@code hive gdb}'s {@code port} with {@code elf}'s symbols: reads {@code hive_uid}, stops
     * at a breakpoint on {@code hive_tick}, deletes it and ends with {@code end} ({@code detach} resumes the target,
     * {@code disconnect} leaves it halted). Answers what GDB printed.
     */
    static String readUidAndStopAtTick(String port, Path elf, String end) throws Exception {
        Process gdb = new ProcessBuilder(
                        "gdb-multiarch",
                        "-q",
                        "-batch",
                        "-nx",
                        "-ex",
                        "target extended-remote 127.0.0.1:" + port,
                        "-ex",
                        "print/x hive_uid",
                        "-ex",
                        "break hive_tick",
                        "-ex",
                        "continue",
                        "-ex",
                        "delete",
                        "-ex",
                        end,
                        elf.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(gdb.waitFor(60, TimeUnit.SECONDS))
                .as("gdb-multiarch ended within 60 s")
                .isTrue();
        return new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
