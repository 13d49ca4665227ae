package dev.hive.monitor.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the command line that runs an (untrusted) runner, under bubblewrap or plain.
 *
 * <p>Under bubblewrap the runner gets: no network and no other namespaces shared ({@code --unshare-all}),
 * death with the monitor ({@code --die-with-parent}), its own session ({@code --new-session}, so it cannot
 * inject input into a terminal), a read-only system ({@code /usr}, the {@code /lib*} and {@code /bin}
 * links, a minimal {@code /etc}), a private {@code /proc}, {@code /dev} and {@code /tmp}, its run directory
 * read-write, the given extra paths, sockets and devices, and nothing else: the monitor's data directory
 * (database, config, logs) is not mounted at all. The user inside is 65534/65534 (nobody/nogroup).
 *
 * <p>Uid and socket permissions: bubblewrap runs unprivileged (not setuid) and creates a user namespace
 * whose only mapping is {@code 65534 inside -> the monitor's uid outside}. So the runner appears as nobody
 * inside, but for the kernel's permission checks on the bound files it is the monitor's user: the run
 * directory and the IPC socket can stay owned by the monitor with mode 0700/0600, no chmod needed, and no
 * other local user can reach them. Files outside the bound paths are not mounted, the system is mounted
 * read-only, and the capabilities the runner holds in its own user namespace do not apply to the host's
 * files. The runner cannot gain more than the monitor's user has.
 */
public final class Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** The bubblewrap binary. */
    public static final Path BWRAP = Path.of("/usr/bin/bwrap");

    /** The unprivileged uid/gid shown inside the sandbox. */
    public static final int SANDBOX_UID = 65534;

    private static final List<String> ETC_FILES = List.of(
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/passwd",
            "/etc/group",
            "/etc/nsswitch.conf",
            "/etc/hosts",
            "/etc/ssl/certs");

    private final SandboxStatus status;

    private Sandbox(SandboxStatus status) {
        this.status = status;
    }

    /**
     * Resolves the configured mode: probes bubblewrap once ({@code bwrap --ro-bind / / true}) for {@link
     * SandboxMode#AUTO} and {@link SandboxMode#BUBBLEWRAP}.
     *
     * @throws IllegalStateException when {@link SandboxMode#BUBBLEWRAP} is requested and bubblewrap does not
     *     work
     */
    public static Sandbox resolve(SandboxMode requested) {
        return resolve(requested, BWRAP);
    }

    static Sandbox resolve(SandboxMode requested, Path bwrap) {
        if (requested == SandboxMode.NONE) {
            LOG.warn("SANDBOX DISABLED by configuration: runners run WITHOUT isolation (network, files)");
            return new Sandbox(new SandboxStatus(
                    requested, SandboxMode.NONE, false, "sandbox disabled by configuration; runners are not isolated"));
        }
        String problem = probeBubblewrap(bwrap);
        if (problem == null) {
            LOG.info("Sandbox: runners run under bubblewrap ({})", bwrap);
            return new Sandbox(
                    new SandboxStatus(requested, SandboxMode.BUBBLEWRAP, true, "bubblewrap (" + bwrap + ")"));
        }
        if (requested == SandboxMode.BUBBLEWRAP) {
            throw new IllegalStateException(
                    "sandbox mode BUBBLEWRAP requested but bubblewrap does not work: " + problem);
        }
        LOG.warn(
                "!!! SANDBOX UNAVAILABLE: {} -- runners run WITHOUT isolation (network, database and files"
                        + " of the monitor are reachable). Install bubblewrap. !!!",
                problem);
        return new Sandbox(new SandboxStatus(
                requested,
                SandboxMode.NONE,
                false,
                "bubblewrap unavailable (" + problem + "); runners are not isolated"));
    }

    /** A sandbox with the given effective mode, without probing (for tests and callers that probed already). */
    public static Sandbox of(SandboxMode effective) {
        if (effective == SandboxMode.AUTO) {
            throw new IllegalArgumentException("AUTO must be resolved");
        }
        return new Sandbox(
                new SandboxStatus(effective, effective, effective == SandboxMode.BUBBLEWRAP, effective.name()));
    }

    /** Returns null when bubblewrap works, otherwise a description of the problem. */
    static String probeBubblewrap() {
        return probeBubblewrap(BWRAP);
    }

    static String probeBubblewrap(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return bwrap + " not found";
        }
        Process p = null;
        try {
            p = new ProcessBuilder(bwrap.toString(), "--ro-bind", "/", "/", "true")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                return "bwrap probe did not finish within 10 s";
            }
            if (p.exitValue() != 0) {
                return "bwrap probe exited with " + p.exitValue() + ": " + new String(out).strip();
            }
            return null;
        } catch (IOException e) {
            return "bwrap probe failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "bwrap probe interrupted";
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    public SandboxStatus status() {
        return status;
    }

    public SandboxMode mode() {
        return status.effective();
    }

    public boolean isolated() {
        return status.isolated();
    }

    /**
     * The command line that runs {@code command} for the given spec. With {@link SandboxMode#NONE} it is the
     * plain command (the environment is then cleaned by {@link RunnerProcess}).
     */
    public List<String> command(SandboxSpec spec, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        if (status.effective() != SandboxMode.BUBBLEWRAP) {
            return List.copyOf(command);
        }
        return bubblewrapCommand(spec, command);
    }

    static List<String> bubblewrapCommand(SandboxSpec spec, List<String> command) {
        List<String> c = new ArrayList<>();
        c.add(BWRAP.toString());
        c.add("--unshare-all");
        c.add("--die-with-parent");
        c.add("--new-session");
        // Read-only system.
        c.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String link : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
            addSystemPath(c, Path.of(link));
        }
        for (String etc : ETC_FILES) {
            c.addAll(List.of("--ro-bind-try", etc, etc));
        }
        for (Path javaEtc : javaEtcDirectories()) {
            c.addAll(List.of("--ro-bind", javaEtc.toString(), javaEtc.toString()));
        }
        Path javaHome = SandboxSpec.javaHome();
        if (!javaHome.startsWith("/usr/")) {
            c.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        c.addAll(List.of("--proc", "/proc"));
        c.addAll(List.of("--dev", "/dev"));
        c.addAll(List.of("--tmpfs", "/tmp"));
        // After the tmpfs, so paths under /tmp can be bound on top of it.
        for (Path p : spec.readOnlyPaths()) {
            c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        for (Path p : spec.readWritePaths()) {
            c.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        for (Path d : spec.devices()) {
            c.addAll(List.of("--dev-bind-try", d.toString(), d.toString()));
        }
        c.addAll(List.of(
                "--bind", spec.runDirectory().toString(), spec.runDirectory().toString()));
        // bwrap's own root is a writable tmpfs holding the mount points; make it read-only as well, so
        // only the run directory, the read-write binds and the private /tmp can be written.
        c.addAll(List.of("--remount-ro", "/"));
        c.addAll(List.of("--chdir", spec.runDirectory().toString()));
        c.addAll(List.of("--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID)));
        c.add("--clearenv");
        for (Map.Entry<String, String> e : spec.effectiveEnvironment().entrySet()) {
            c.addAll(List.of("--setenv", e.getKey(), e.getValue()));
        }
        c.add("--");
        c.addAll(command);
        return c;
    }

    private static void addSystemPath(List<String> c, Path p) {
        if (Files.isSymbolicLink(p)) {
            try {
                c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
            } catch (IOException e) {
                LOG.debug("cannot read link {}", p, e);
            }
        } else if (Files.isDirectory(p)) {
            c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
    }

    /** Debian keeps parts of the JDK's conf under /etc/java-NN-openjdk (symlinked from JAVA_HOME/conf). */
    private static List<Path> javaEtcDirectories() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/etc"), "java*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list /etc", e);
        }
        return out;
    }
}
