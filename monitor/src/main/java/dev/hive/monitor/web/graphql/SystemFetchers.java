package dev.hive.monitor.web.graphql;

import dev.hive.monitor.web.Executors;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;

/** The machine the monitor runs on: host, load, memory, the data directory's disk, versions, sandbox. */
final class SystemFetchers {

    record SystemInfoNode(
            String hostname,
            String os,
            int cores,
            double loadAverage,
            double memoryTotalBytes,
            double memoryFreeBytes,
            double diskTotalBytes,
            double diskFreeBytes,
            String monitorVersion,
            String javaVersion,
            String sandbox) {}

    private final GraphQLDependencies deps;
    private final Executors executors;

    SystemFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("SystemInfo", SystemInfoNode.class);
        w.query("systemInfo", Guard.USER, env -> Async.of(executors.file(this::read)));
    }

    private SystemInfoNode read() throws IOException {
        var os = ManagementFactory.getOperatingSystemMXBean();
        double total = -1;
        double free = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            total = sun.getTotalMemorySize();
            free = sun.getFreeMemorySize();
        }
        FileStore store = Files.getFileStore(deps.dataDir());
        var sandbox = deps.sandbox();
        return new SystemInfoNode(
                InetAddress.getLocalHost().getHostName(),
                os.getName() + " " + os.getVersion() + " (" + os.getArch() + ")",
                Runtime.getRuntime().availableProcessors(),
                os.getSystemLoadAverage(),
                total,
                free,
                store.getTotalSpace(),
                store.getUsableSpace(),
                deps.version(),
                Runtime.version().toString(),
                (sandbox.isolated() ? "isolated: " : "NOT isolated: ") + sandbox.message());
    }
}
