package dev.hive.monitor.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Real runner JARs that misbehave, built at test time: a small {@code dev.hive.runner.Main} compiled with the
 * JDK's compiler and packed with the manifest the monitor asks for. The monitor starts each as {@code java -jar
 * runner.jar <socketPath> <runId>}, in the sandbox, like any runner. Every one prints a marker line first, so a
 * test can find the runner's output in the run's error message.
 */
final class FaultRunners {

    private final Path dir;

    FaultRunners(Path dir) {
        this.dir = dir;
    }

    /** Exits with code 3 at once, without connecting. */
    Path exitsAtOnce() throws IOException {
        return build(
                "exits-at-once",
                """
                System.out.println("FAULT exits-at-once: giving up before connecting");
                System.err.println("FAULT exits-at-once: on stderr too");
                System.exit(3);
                """);
    }

    /** Stays alive and never connects to the monitor. */
    Path neverConnects() throws IOException {
        return build(
                "never-connects",
                """
                System.out.println("FAULT never-connects: sleeping instead of connecting");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
                """);
    }

    /** Writes 100 MiB to stdout (first and last lines marked), then exits with code 1. */
    Path floodsStdout() throws IOException {
        return build(
                "floods-stdout",
                """
                var out = new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
                out.write("FAULT floods-stdout: first line\\n".getBytes());
                byte[] line = ("x".repeat(1023) + "\\n").getBytes();
                for (int i = 0; i < 100 * 1024; i++) {
                    out.write(line);
                }
                out.write("FAULT floods-stdout: last line\\n".getBytes());
                out.flush();
                System.exit(1);
                """);
    }

    /** Connects to the IPC socket and writes lines that are not JSON, then waits for the monitor to hang up. */
    Path sendsGarbage() throws IOException {
        return build(
                "sends-garbage",
                """
                System.out.println("FAULT sends-garbage: sending garbage over IPC");
                System.out.flush();
                try (var channel = connect(args[0])) {
                    send(channel, "this is not JSON at all\\n{\\"type\\": \\n");
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(channel)));
                    while (in.readLine() != null) {
                    }
                }
                System.out.println("FAULT sends-garbage: the monitor hung up");
                System.exit(2);
                """);
    }

    /** Says hello, then hangs: ignores every message, including {@code cancel}, until it is killed. */
    Path hangsAfterHello() throws IOException {
        return build(
                "hangs",
                """
                var channel = connect(args[0]);
                hello(channel, args[1]);
                System.out.println("FAULT hangs: said hello, now hanging");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
                """);
    }

    /**
     * Says hello and keeps the rack busy without running a test, until the monitor sends {@code cancel}: then
     * it reports an empty {@code runFinished} and exits 0, as a well-behaved runner does.
     */
    Path idlesUntilCancelled() throws IOException {
        return build(
                "idles",
                """
                try (var channel = connect(args[0])) {
                    hello(channel, args[1]);
                    System.out.println("FAULT idles: waiting for cancel");
                    System.out.flush();
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(java.nio.channels.Channels.newInputStream(channel)));
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.replace(" ", "").contains("\\"type\\":\\"cancel\\"")) {
                            send(channel, "{\\"type\\":\\"runFinished\\",\\"summary\\":{\\"passed\\":0,\\"failed\\":0,"
                                    + "\\"skipped\\":0,\\"errors\\":0,\\"durationMillis\\":0}}\\n");
                            System.out.println("FAULT idles: cancelled");
                            break;
                        }
                    }
                }
                System.exit(0);
                """);
    }

    /**
     * Tries, in the sandbox, to reach what it must not: the monitor's HTTP port, the database file, and files
     * outside its run directory. Prints one line per attempt ({@code <name>: blocked (<why>)} or {@code <name>:
     * OPEN ...}), then reports {@code runFailed} over IPC and waits to be stopped.
     */
    Path probesTheSandbox(int httpPort, Path database, List<Path> outside, List<Path> sockets) throws IOException {
        StringBuilder writes = new StringBuilder();
        for (Path p : outside) {
            writes.append("attemptWrite(\"").append(escape(p.toString())).append("\");\n");
        }
        for (Path p : sockets) {
            writes.append("attemptConnect(\"").append(escape(p.toString())).append("\");\n");
        }
        return build(
                "sandbox-probe-" + Integer.toHexString(outside.hashCode()),
                """
                System.out.println("FAULT sandbox-probe: starting");
                try (var socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", %d), 2000);
                    System.out.println("http: OPEN (connected to the monitor)");
                } catch (Exception e) {
                    System.out.println("http: blocked (" + e + ")");
                }
                try {
                    byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("%s"));
                    System.out.println("database: OPEN (read " + bytes.length + " bytes)");
                } catch (Exception e) {
                    System.out.println("database: blocked (" + e + ")");
                }
                %s
                System.out.flush();
                // Tell the monitor at once (instead of only exiting), so the run ends without waiting.
                var channel = connect(args[0]);
                hello(channel, args[1]);
                send(channel, "{\\"type\\":\\"runFailed\\",\\"kind\\":\\"INTERNAL\\",\\"message\\":\\"sandbox probe done\\"}\\n");
                Thread.sleep(Long.MAX_VALUE);
                """
                        .formatted(httpPort, escape(database.toString()), writes));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static final String HELPERS =
            """
            static java.nio.channels.SocketChannel connect(String socket) throws Exception {
                var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                channel.connect(java.net.UnixDomainSocketAddress.of(socket));
                return channel;
            }

            static void send(java.nio.channels.SocketChannel channel, String text) throws Exception {
                var buffer = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }

            static void hello(java.nio.channels.SocketChannel channel, String runId) throws Exception {
                send(channel, "{\\"type\\":\\"hello\\",\\"protocolVersion\\":1,\\"runId\\":\\"" + runId
                        + "\\",\\"runnerVersion\\":\\"fault\\"}\\n");
            }

            static void attemptConnect(String path) {
                try (var channel = connect(path)) {
                    System.out.println("connect " + path + ": OPEN (connected)");
                } catch (Exception e) {
                    System.out.println("connect " + path + ": blocked (" + e + ")");
                }
            }

            static void attemptWrite(String path) {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(path), "escaped");
                    System.out.println("write " + path + ": OPEN (written)");
                } catch (Exception e) {
                    System.out.println("write " + path + ": blocked (" + e + ")");
                }
            }
            """;

    /** Compiles {@code body} as the main method of {@code dev.hive.runner.Main} and packs it into a runner JAR. */
    Path build(String name, String body) throws IOException {
        String source = "package dev.hive.runner;\n\npublic final class Main {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "\n    }\n\n" + HELPERS
                + "}\n";
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the fault runners need a JDK (no system Java compiler)");
        }
        StringWriter diagnostics = new StringWriter();
        try (var files = compiler.getStandardFileManager(null, null, null)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            JavaFileObject unit =
                    new SimpleJavaFileObject(
                            URI.create("string:///dev/hive/runner/Main.java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            boolean ok = compiler.getTask(diagnostics, files, null, List.of("--release", "17"), null, List.of(unit))
                    .call();
            if (!ok) {
                throw new IllegalStateException(
                        "fault runner " + name + " does not compile:\n" + diagnostics + "\n" + source);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.hive.runner.Main");
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> compiled = Files.walk(classes)) {
            for (Path c : compiled.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}
