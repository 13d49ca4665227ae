package dev.hive.rack.physical;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an external program (a flasher, a reset tool) with a time limit. Its stdout and stderr go together into
 * a temporary file, so a tool that prints a lot cannot block on a full pipe and a child that keeps the output
 * open cannot hold up the caller; the tail of that file is kept. On timeout the tool and all its descendants
 * are asked to stop (SIGTERM), and killed (SIGKILL) after a grace period.
 */
public final class ExternalTool {

    private static final Logger log = LoggerFactory.getLogger(ExternalTool.class);

    /** How much output is kept by default: the last 64 KiB. */
    public static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;

    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

    private final int outputLimit;
    private final Duration killGrace;

    public ExternalTool() {
        this(DEFAULT_OUTPUT_LIMIT, DEFAULT_KILL_GRACE);
    }

    /**
     * @param outputLimit how many bytes of output to keep (the last ones)
     * @param killGrace how long stopped processes get to exit before they are killed
     */
    public ExternalTool(int outputLimit, Duration killGrace) {
        if (outputLimit < 1) {
            throw new IllegalArgumentException("output limit must be positive, got " + outputLimit);
        }
        this.outputLimit = outputLimit;
        this.killGrace = killGrace;
    }

    /** Runs {@code command} (program first) and waits for it, at most {@code timeout}. Never throws for the tool. */
    public ToolRun run(List<String> command, Duration timeout) {
        Path capture;
        try {
            capture = Files.createTempFile("hive-tool-", ".log");
        } catch (IOException e) {
            return notStarted(command, "cannot create a file for the output of " + command.get(0) + ": " + e);
        }
        try {
            return run(command, timeout, capture);
        } finally {
            try {
                Files.deleteIfExists(capture);
            } catch (IOException e) {
                log.warn("cannot delete the tool output file {}: {}", capture, e.toString());
            }
        }
    }

    private ToolRun run(List<String> command, Duration timeout, Path capture) {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(capture.toFile())
                    .start();
        } catch (IOException | RuntimeException e) {
            return notStarted(command, startProblem(command.get(0), e));
        }
        log.debug("started pid {}: {}", process.pid(), command);
        closeQuietly(process);
        ToolRun.Ending ending;
        int killed = 0;
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ending = ToolRun.Ending.EXITED;
            } else {
                ending = ToolRun.Ending.TIMED_OUT;
                killed = killTree(process);
            }
        } catch (InterruptedException e) {
            ending = ToolRun.Ending.INTERRUPTED;
            killed = killTree(process);
            Thread.currentThread().interrupt();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int exitCode = ending == ToolRun.Ending.EXITED ? process.exitValue() : -1;
        Tail tail = readTail(capture);
        return new ToolRun(command, ending, exitCode, took, tail.text(), tail.truncated(), killed, "");
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The tool gets end-of-file on stdin either way.
        }
    }

    /**
     * Stops the process and every descendant. The tree is taken before anything is stopped, because children
     * of a dead parent can no longer be found through it; it is taken again before the kill to catch late
     * children. Returns how many processes had to be stopped.
     */
    private int killTree(Process process) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + killGrace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Still alive, or interrupted: it is killed below.
            }
        }
        if (process.isAlive()) {
            process.descendants().forEach(tree::add);
        }
        var stubborn = new ArrayList<ProcessHandle>();
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                stubborn.add(handle);
                handle.destroyForcibly();
            }
        }
        log.debug("stopped {} process(es); {} needed SIGKILL", tree.size(), stubborn.size());
        return tree.size();
    }

    private record Tail(String text, boolean truncated) {}

    private Tail readTail(Path capture) {
        try (SeekableByteChannel channel = Files.newByteChannel(capture)) {
            long size = channel.size();
            long skip = Math.max(0, size - outputLimit);
            channel.position(skip);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - skip));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read until full or end of file
            }
            byte[] bytes = buffer.array();
            int from = 0;
            if (skip > 0) {
                while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
                    from++; // do not start in the middle of a UTF-8 character
                }
            }
            String text = new String(bytes, from, buffer.position() - from, StandardCharsets.UTF_8);
            if (skip == 0) {
                return new Tail(text, false);
            }
            return new Tail(
                    "[output truncated: the first " + (skip + from) + " of " + size + " bytes are left out]\n" + text,
                    true);
        } catch (IOException e) {
            return new Tail("[the output could not be read back: " + e + "]", false);
        }
    }

    private static ToolRun notStarted(List<String> command, String problem) {
        return new ToolRun(command, ToolRun.Ending.NOT_STARTED, -1, Duration.ZERO, "", false, 0, problem);
    }

    private static String startProblem(String program, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("error=2,") || message.contains("No such file")) {
            return program.contains("/")
                    ? "cannot start '" + program + "': no such file"
                    : "cannot start '" + program + "': it is not installed or not on the PATH (" + System.getenv("PATH")
                            + ")";
        }
        if (message.contains("error=13,")) {
            return "cannot start '" + program + "': permission denied (is it executable?)";
        }
        return "cannot start '" + program + "': " + message;
    }
}
