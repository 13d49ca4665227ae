package dev.hive.monitor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SandboxTest {

    /** Runs inside the sandbox as a single-file source program; prints one line per check. */
    private static final String PROBE =
            """
            import java.net.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.*;

            public class Probe {
                public static void main(String[] a) throws Exception {
                    System.out.println("JAVA:" + System.getProperty("java.version"));
                    System.out.println("UID:" + Files.readAllLines(Path.of("/proc/self/status")).stream()
                            .filter(l -> l.startsWith("Uid:")).findFirst().orElse("?").split("\\\\s+")[1]);
                    check("TCP", () -> { try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[0])), 2000); } });
                    check("READ_DATA", () -> Files.readString(Path.of(a[1])));
                    check("WRITE_DATA_DIR", () -> Files.writeString(Path.of(a[1]).resolveSibling("evil"), "x"));
                    check("WRITE_USR", () -> Files.writeString(Path.of("/usr/evil"), "x"));
                    check("WRITE_ETC", () -> Files.writeString(Path.of("/etc/evil"), "x"));
                    check("WRITE_ROOT", () -> Files.writeString(Path.of("/evil"), "x"));
                    check("WRITE_RUN", () -> Files.writeString(Path.of(a[2]), "written inside"));
                    check("WRITE_TMP", () -> Files.writeString(Path.of("/tmp/private"), "x"));
                    check("IPC", () -> ping(a[3]));
                    check("PROBE_SOCKET", () -> ping(a[4]));
                }

                static void ping(String path) throws Exception {
                    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                        ch.write(ByteBuffer.wrap("ping\\n".getBytes(StandardCharsets.UTF_8)));
                        ByteBuffer b = ByteBuffer.allocate(16);
                        while (b.position() < 5 && ch.read(b) >= 0) {}
                        String r = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
                        if (!r.equals("pong\\n")) throw new IllegalStateException("answer " + r);
                    }
                }

                interface Check { void run() throws Exception; }

                static void check(String name, Check c) {
                    try {
                        c.run();
                        System.out.println(name + ":OK");
                    } catch (Exception e) {
                        System.out.println(name + ":FAIL:" + e);
                    }
                }
            }
            """;

    @TempDir
    Path base;

    @Test
    void bubblewrapWorksHere() {
        assertThat(Sandbox.probeBubblewrap()).as("bubblewrap must be installed").isNull();
        Sandbox auto = Sandbox.resolve(SandboxMode.AUTO);
        assertThat(auto.mode()).isEqualTo(SandboxMode.BUBBLEWRAP);
        assertThat(auto.status().isolated()).isTrue();
    }

    @Test
    void noneIsThePlainCommandAndSaysItIsNotIsolated() {
        Sandbox none = Sandbox.resolve(SandboxMode.NONE);
        assertThat(none.status().isolated()).isFalse();
        assertThat(none.status().message()).contains("not isolated");
        assertThat(none.command(SandboxSpec.builder(base).build(), List.of("java", "-jar", "r.jar")))
                .containsExactly("java", "-jar", "r.jar");
    }

    @Test
    void commandLineHasTheIsolationFlagsAndNoDataDirectory() {
        Path run = base.resolve("run");
        SandboxSpec spec = SandboxSpec.builder(run)
                .readOnly(Path.of("/opt/runner.jar"))
                .readWrite(Path.of("/run/hive-rack"))
                .device(Path.of("/dev/bus/usb"))
                .env("HIVE_IPC", run.resolve("ipc.sock").toString())
                .build();
        List<String> c = Sandbox.of(SandboxMode.BUBBLEWRAP).command(spec, List.of("java", "-jar", "r.jar"));

        assertThat(c.get(0)).isEqualTo("/usr/bin/bwrap");
        assertThat(c).contains("--unshare-all", "--die-with-parent", "--new-session", "--clearenv");
        assertThat(Collections.indexOfSubList(c, List.of("--uid", "65534", "--gid", "65534")))
                .isPositive();
        assertThat(Collections.indexOfSubList(c, List.of("--bind", run.toString(), run.toString())))
                .isPositive();
        assertThat(Collections.indexOfSubList(c, List.of("--ro-bind", "/opt/runner.jar", "/opt/runner.jar")))
                .isPositive();
        assertThat(Collections.indexOfSubList(c, List.of("--bind", "/run/hive-rack", "/run/hive-rack")))
                .isPositive();
        assertThat(Collections.indexOfSubList(c, List.of("--dev-bind-try", "/dev/bus/usb", "/dev/bus/usb")))
                .isPositive();
        assertThat(Collections.indexOfSubList(
                        c,
                        List.of("--setenv", "HIVE_IPC", run.resolve("ipc.sock").toString())))
                .isPositive();
        assertThat(Collections.indexOfSubList(c, List.of("--setenv", "LANG", "C.UTF-8")))
                .isPositive();
        List<String> boundSources = new ArrayList<>();
        for (int i = 0; i < c.size() - 1; i++) {
            if (List.of("--bind", "--ro-bind", "--dev-bind", "--bind-try", "--ro-bind-try")
                    .contains(c.get(i))) {
                boundSources.add(c.get(i + 1));
            }
        }
        assertThat(boundSources).doesNotContain("/", "/var", "/home", "/root", "/run", "/etc");
        assertThat(c.subList(c.size() - 4, c.size())).containsExactly("--", "java", "-jar", "r.jar");
        // The tmpfs on /tmp comes before the binds, so binds below /tmp stay visible.
        assertThat(c.indexOf("--tmpfs")).isLessThan(c.indexOf("--chdir"));
    }

    @Test
    void autoFallsBackToNoneLoudlyAndBubblewrapRequiresAWorkingBwrap() throws IOException {
        Path missing = base.resolve("no-bwrap");
        Sandbox auto = Sandbox.resolve(SandboxMode.AUTO, missing);
        assertThat(auto.mode()).isEqualTo(SandboxMode.NONE);
        assertThat(auto.status().requested()).isEqualTo(SandboxMode.AUTO);
        assertThat(auto.status().isolated()).isFalse();
        assertThat(auto.status().message()).contains("bubblewrap unavailable", "not found");

        Path broken = ProcessTestSupport.script(base, "broken-bwrap", "echo no user namespaces >&2\nexit 1");
        assertThat(Sandbox.resolve(SandboxMode.AUTO, broken).status().message())
                .contains("exited with 1", "no user namespaces");
        assertThatThrownBy(() -> Sandbox.resolve(SandboxMode.BUBBLEWRAP, missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bubblewrap does not work");
        assertThatThrownBy(() -> Sandbox.of(SandboxMode.AUTO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insideTheSandboxNetworkAndFilesAreClosedButIpcWorks() throws Exception {
        Path run = Files.createDirectory(base.resolve("run"));
        Path data = Files.createDirectory(base.resolve("data"));
        Path probes = Files.createDirectory(base.resolve("probes"));
        // Monitor-owned, private: reachable inside only because uid 65534 inside maps to our uid outside.
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(probes, PosixFilePermissions.fromString("rwx------"));
        Path database = Files.writeString(data.resolve("hive.db"), "secret");
        Files.writeString(run.resolve("Probe.java"), PROBE);
        Path ipc = run.resolve("ipc.sock");
        Path probeSocket = probes.resolve("probe.sock");
        Path inside = run.resolve("inside.txt");

        List<Thread> servers = new ArrayList<>();
        try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocketChannel ipcServer = unixServer(ipc);
                ServerSocketChannel probeServer = unixServer(probeSocket)) {
            servers.add(pongServer(ipcServer));
            servers.add(pongServer(probeServer));
            SandboxSpec spec = SandboxSpec.builder(run).readWrite(probes).build();
            String java = SandboxSpec.javaHome().resolve("bin/java").toString();
            RunnerProcess p = RunnerProcess.start(
                    Sandbox.of(SandboxMode.BUBBLEWRAP),
                    spec,
                    List.of(
                            java,
                            "-Xshare:auto",
                            "-XX:TieredStopAtLevel=1",
                            "Probe.java",
                            Integer.toString(tcp.getLocalPort()),
                            database.toString(),
                            inside.toString(),
                            ipc.toString(),
                            probeSocket.toString()),
                    Duration.ofSeconds(40),
                    Duration.ofMillis(500));
            RunnerOutcome o = p.awaitExit();
            String out = o.stdout().text();

            assertThat(o.kind()).as(o.outputExcerpt(4000)).isEqualTo(RunnerOutcome.Kind.EXITED);
            assertThat(o.exitCode()).as(o.outputExcerpt(4000)).isZero();
            assertThat(out).contains("JAVA:17");
            assertThat(out).contains("UID:65534");
            assertThat(line(out, "TCP")).startsWith("TCP:FAIL");
            assertThat(line(out, "READ_DATA")).startsWith("READ_DATA:FAIL").contains("NoSuchFile");
            assertThat(line(out, "WRITE_DATA_DIR")).startsWith("WRITE_DATA_DIR:FAIL");
            assertThat(line(out, "WRITE_USR")).startsWith("WRITE_USR:FAIL");
            assertThat(line(out, "WRITE_ETC")).startsWith("WRITE_ETC:FAIL");
            assertThat(line(out, "WRITE_ROOT")).startsWith("WRITE_ROOT:FAIL");
            assertThat(line(out, "WRITE_RUN")).isEqualTo("WRITE_RUN:OK");
            assertThat(line(out, "WRITE_TMP")).isEqualTo("WRITE_TMP:OK");
            assertThat(line(out, "IPC")).isEqualTo("IPC:OK");
            assertThat(line(out, "PROBE_SOCKET")).isEqualTo("PROBE_SOCKET:OK");
        }
        for (Thread t : servers) {
            t.join(2000);
        }
        assertThat(Files.readString(inside)).isEqualTo("written inside");
        assertThat(data.resolve("evil")).doesNotExist();
        assertThat(Path.of("/usr/evil")).doesNotExist();
        assertThat(Path.of("/etc/evil")).doesNotExist();
        assertThat(Path.of("/tmp/private")).doesNotExist();
        assertThat(Files.readString(database)).isEqualTo("secret");
    }

    @Test
    void peerOfTheSandboxedRunnerIsADescendantOfBwrap() throws Exception {
        Path run = Files.createDirectory(base.resolve("run"));
        RunnerProcess p = RunnerProcess.start(
                Sandbox.of(SandboxMode.BUBBLEWRAP),
                SandboxSpec.builder(run).build(),
                List.of("/bin/sh", "-c", "echo ready; exec sleep 600"),
                Duration.ofSeconds(20),
                Duration.ofMillis(500));
        ProcessTestSupport.waitForText(p.stdout(), "ready", Duration.ofSeconds(5));
        List<Long> sleeping = ProcessHandle.current()
                .descendants()
                .filter(h -> h.info().command().orElse("").endsWith("sleep"))
                .map(ProcessHandle::pid)
                .toList();
        assertThat(sleeping).hasSize(1);
        assertThat(p.isProcessOrDescendant(sleeping.get(0))).isTrue();
        assertThat(p.isProcessOrDescendant(ProcessHandle.current().pid())).isFalse();

        p.cancel();
        assertThat(p.awaitExit(Duration.ofSeconds(10)).kind()).isEqualTo(RunnerOutcome.Kind.KILLED);
        assertThat(ProcessTestSupport.eventuallyGone(sleeping.get(0), Duration.ofSeconds(2)))
                .isTrue();
    }

    private static String line(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElse("<missing " + name + ">");
    }

    private static ServerSocketChannel unixServer(Path path) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return s;
    }

    /** Answers "pong\n" to each connection until the server is closed. */
    private static Thread pongServer(ServerSocketChannel server) {
        Thread t = new Thread(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    while (b.position() < 5 && c.read(b) >= 0) {}
                    c.write(ByteBuffer.wrap("pong\n".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
