package dev.hive.monitor;

import dev.hive.monitor.fleet.HubPermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the hub's permission file from the fleet's racks file (docs/fleet.md, "The hub's permission file"). */
@Command(
        name = "fleet-hub-config",
        description = "Write the fleet hub's nats-server permission file (one user per rack, each allowed only its"
                + " subjects) from a racks file (YAML: front id/password, racks with id, password, targets).")
final class FleetHubConfigCommand implements Callable<Integer> {

    @Option(names = "--racks", required = true, paramLabel = "FILE", description = "the racks file (YAML)")
    Path racks;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "the permission file to write (readable by its owner only)")
    Path out;

    @Override
    public Integer call() throws IOException {
        String text = new HubPermissions().render(HubPermissions.read(racks));
        Path part = out.resolveSibling(out.getFileName() + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + out + ": reload the hub (nats-server --signal reload) to apply it");
        return 0;
    }
}
