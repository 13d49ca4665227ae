package dev.hive.rack.physical;

import dev.hive.rack.backend.Flasher;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.rack.config.StaticRackConfig.FlasherConfig;
import dev.hive.rack.model.FlashStatus;
import dev.hive.rack.model.ProbeInfo;
import dev.hive.rack.model.TargetInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flashes through an external tool (probe-rs, OpenOCD, ...) given as a {@link CommandTemplate} in the rack
 * file. The tool's output is kept in the status, on success as well as on failure; its exit code and run time
 * are in the message.
 */
public final class ExternalFlasher implements Flasher {

    private static final Logger log = LoggerFactory.getLogger(ExternalFlasher.class);

    private final CommandTemplate command;
    private final Duration timeout;
    private final TargetCatalog catalog;
    private final ExternalTool tool;

    /** A flasher for {@code config}; {@code catalog} gives each target's chip for {@code {chip}}. */
    public ExternalFlasher(FlasherConfig config, TargetCatalog catalog) {
        this(config, catalog, new ExternalTool());
    }

    public ExternalFlasher(FlasherConfig config, TargetCatalog catalog, ExternalTool tool) {
        this.command = new CommandTemplate(config.command());
        this.timeout = config.timeout();
        this.catalog = catalog;
        this.tool = tool;
    }

    @Override
    public FlashStatus flash(Path elf, TargetInfo target, ProbeInfo probe) {
        String where = target.name() + " through " + probe.kind().displayName() + " " + probe.serial();
        if (!Files.isRegularFile(elf)) {
            log.warn("not flashing {}: the image {} does not exist", where, elf);
            return FlashStatus.error("flashing " + target.name() + " failed: the image " + elf + " does not exist", "");
        }
        List<String> argv;
        try {
            argv = command.render(CommandTemplate.values(elf, chipOf(target), target.name(), probe));
        } catch (IllegalArgumentException e) {
            return FlashStatus.error("flashing " + target.name() + " failed: " + e.getMessage(), "");
        }
        log.info("flashing {} with {} (time limit {}): {}", where, elf.getFileName(), ToolRun.seconds(timeout), argv);
        ToolRun run = tool.run(argv, timeout);
        String truncated = run.truncated() ? "; only the end of its output is kept" : "";
        if (run.succeeded()) {
            log.info("flashed {} in {}", where, ToolRun.seconds(run.duration()));
            return new FlashStatus(
                    FlashStatus.Outcome.OK, "flashed " + where + ": " + run.summary() + truncated, run.output());
        }
        String limit =
                run.ending() == ToolRun.Ending.TIMED_OUT ? " (the time limit is " + ToolRun.seconds(timeout) + ")" : "";
        log.warn("flashing {} failed: {}{}\n{}", where, run.summary(), limit, lastLines(run.output(), 20));
        return FlashStatus.error(
                "flashing " + target.name() + " failed: " + run.summary() + limit + truncated, run.output());
    }

    private String chipOf(TargetInfo target) {
        return catalog.find(target.name()).map(CatalogTarget::chip).orElse(target.name());
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
