package dev.hive.cli.report;

import dev.hive.cli.client.UploadProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The CLI's output. On a terminal it colours statuses and draws progress on one line; anywhere else every message is
 * a plain line with no escape codes, and progress is reported once at its start and end.
 */
public final class Console {

    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private boolean progressShown;

    public Console(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    public PrintWriter out() {
        return out;
    }

    /** A line on standard output. */
    public synchronized void line(String text) {
        clearProgress();
        out.println(text);
        out.flush();
    }

    /** A line on standard error. */
    public synchronized void error(String text) {
        clearProgress();
        out.flush();
        err.println(text);
        err.flush();
    }

    /** Replaces the progress line (terminal only). */
    public synchronized void progress(String text) {
        if (terminal) {
            out.print("\r" + text + "\u001b[K");
            out.flush();
            progressShown = true;
        }
    }

    /** Removes the progress line, if one is shown. */
    public synchronized void clearProgress() {
        if (progressShown) {
            out.print("\r\u001b[K");
            out.flush();
            progressShown = false;
        }
    }

    /** A byte progress bar for an upload (drawn on a terminal only, at most every 1 %). */
    public UploadProgress uploadBar(String label) {
        return new UploadProgress() {
            private long lastPercent = -1;

            @Override
            public void sent(long sent, long total) {
                long percent = total == 0 ? 100 : sent * 100 / total;
                if (percent != lastPercent) {
                    lastPercent = percent;
                    int width = 30;
                    int filled = (int) (percent * width / 100);
                    progress("%s [%s%s] %3d%% %s / %s"
                            .formatted(
                                    label,
                                    "#".repeat(filled),
                                    " ".repeat(width - filled),
                                    percent,
                                    bytes(sent),
                                    bytes(total)));
                }
            }
        };
    }

    public String green(String s) {
        return colour("32", s);
    }

    public String red(String s) {
        return colour("31", s);
    }

    public String yellow(String s) {
        return colour("33", s);
    }

    public String bold(String s) {
        return colour("1", s);
    }

    public String dim(String s) {
        return colour("2", s);
    }

    private String colour(String code, String s) {
        return terminal ? "\u001b[" + code + "m" + s + RESET : s;
    }

    /** {@code n} bytes for people: 912 B, 4.2 MB. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
    }

    /** {@code millis} for people: 850 ms, 12.3 s, 2 min 5 s. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}
