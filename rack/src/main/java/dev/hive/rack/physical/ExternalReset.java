package dev.hive.rack.physical;

import dev.hive.rack.backend.RackException;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.model.ProbeInfo;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets a target through an external tool, given as {@code flasher.resetCommand} in the rack file (for example
 * {@code probe-rs reset}). The same placeholders as for flashing apply, except {@code {elf}}.
 */
public final class ExternalReset {

    private static final Logger log = LoggerFactory.getLogger(ExternalReset.class);

    private final CommandTemplate command;
    private final Duration timeout;
    private final ExternalTool tool;

    public ExternalReset(List<String> command, Duration timeout, ExternalTool tool) {
        this.command = new CommandTemplate(command);
        this.timeout = timeout;
        this.tool = tool;
    }

    /**
     * Runs the reset command for {@code target} behind {@code probe}.
     *
     * @throws RackException when the command cannot be built or run, or exits with an error; the message holds
     *     the tool's output
     */
    public void reset(CatalogTarget target, ProbeInfo probe) {
        String where = target.name() + " through " + probe.kind().displayName() + " " + probe.serial();
        List<String> argv;
        try {
            argv = command.render(CommandTemplate.values(null, target.chip(), target.name(), probe));
        } catch (IllegalArgumentException e) {
            throw new RackException("cannot reset " + target.name() + ": " + e.getMessage(), e);
        }
        log.info("resetting {}: {}", where, argv);
        ToolRun run = tool.run(argv, timeout);
        if (!run.succeeded()) {
            log.warn("resetting {} failed: {}\n{}", where, run.summary(), run.output());
            throw new RackException("resetting " + target.name() + " failed: " + run.summary()
                    + (run.output().isBlank()
                            ? ""
                            : "; its output:\n" + run.output().strip()));
        }
        log.info("reset {} in {}", where, ToolRun.seconds(run.duration()));
    }
}
