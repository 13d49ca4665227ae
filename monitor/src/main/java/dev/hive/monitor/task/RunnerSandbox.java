package dev.hive.monitor.task;

import dev.hive.monitor.sandbox.SandboxSpec;
import dev.hive.rack.backend.RackBackend;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.Testchannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every runner of this rack may see in its sandbox besides its run directory and the files of its command:
 * the Java runtime when it lies outside {@code /usr}, the channels' probe and UART sockets (read-only) and the USB
 * devices. A cold runner and a runner pre-started before its run ({@code runnerjvm.PreStartedRunners}) get it from
 * here alike, so a pre-started runner is handed a run only while this is what the run would get.
 */
public final class RunnerSandbox {

    private RunnerSandbox() {}

    /** The sandbox of a runner whose run directory is {@code runDir}, on {@code rack} as it is now. */
    public static SandboxSpec spec(Path runDir, RackBackend rack) {
        return builder(runDir, rack).build();
    }

    static SandboxSpec.Builder builder(Path runDir, RackBackend rack) {
        SandboxSpec.Builder spec = SandboxSpec.builder(runDir);
        Path javaHome = SandboxSpec.javaHome();
        if (!javaHome.startsWith("/usr")) {
            spec.readOnly(javaHome);
        }
        endpointSockets(rack).forEach(spec::readOnly);
        spec.device(Path.of("/dev/bus/usb"));
        return spec;
    }

    /**
     * The Unix sockets of the channels' probes and UARTs, and nothing else of the rack: the runner reaches
     * the targets only through the bus switch, never their QMP or GDB-stub sockets. Read-only binds
     * (connecting to a socket needs no writable mount), so the runner cannot replace or delete them.
     */
    private static List<Path> endpointSockets(RackBackend rack) {
        List<Path> sockets = new ArrayList<>();
        for (Testchannel channel : rack.rack().channels()) {
            channel.probeInfo().map(ProbeInfo::endpoint).ifPresent(e -> unixPath(e)
                    .ifPresent(sockets::add));
            channel.uart().ifPresent(e -> unixPath(e).ifPresent(sockets::add));
        }
        return sockets;
    }

    /** The path of a {@code unix:PATH} endpoint. */
    static Optional<Path> unixPath(String endpoint) {
        return endpoint.startsWith("unix:") ? Optional.of(Path.of(endpoint.substring(5))) : Optional.empty();
    }
}
