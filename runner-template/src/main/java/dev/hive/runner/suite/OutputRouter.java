package dev.hive.runner.suite;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Sends what is printed on {@code System.out} and {@code System.err} to the {@link OutputRecorder} of the test
 * the printing thread works for, and everything else to the runner's own streams (and so to the run log). The
 * channels run in parallel, so the test is found by thread: a channel's thread while it runs a test, the worker
 * that runs the test's code, and any thread the test starts (the recorder is inheritable). There is one
 * {@code System.out} per JVM, so there is one router: {@link #install()} replaces the streams once.
 */
final class OutputRouter {

    private static final InheritableThreadLocal<OutputRecorder> CURRENT = new InheritableThreadLocal<>();
    private static final Charset CHARSET = Charset.defaultCharset();
    private static boolean installed;

    private OutputRouter() {}

    /** Replaces {@code System.out} and {@code System.err}, once per JVM. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(new PrintStream(new Routed(System.out, false), true, CHARSET));
        System.setErr(new PrintStream(new Routed(System.err, true), true, CHARSET));
    }

    /** A recorder for a test that starts now, made the calling thread's (and the threads it starts). */
    static OutputRecorder start() {
        var recorder = new OutputRecorder(CHARSET);
        CURRENT.set(recorder);
        return recorder;
    }

    /** The calling thread's recorder, or null. */
    static OutputRecorder current() {
        return CURRENT.get();
    }

    /** Makes {@code recorder} (null for none) the calling thread's. */
    static void attach(OutputRecorder recorder) {
        if (recorder == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(recorder);
        }
    }

    /** One of the two streams: to the current thread's open recorder, else to the runner's own stream. */
    private static final class Routed extends OutputStream {
        private final PrintStream own;
        private final boolean err;

        Routed(PrintStream own, boolean err) {
            this.own = own;
            this.err = err;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            OutputRecorder recorder = CURRENT.get();
            if (recorder == null || !recorder.write(err, bytes, offset, length)) {
                own.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            own.flush();
        }
    }
}
