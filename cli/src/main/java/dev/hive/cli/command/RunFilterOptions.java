package dev.hive.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hive.cli.CliException;
import dev.hive.protocol.run.Filter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which probes and targets a run may use, the fleet rack it is pinned to, and its timeouts. Include and exclude of one kind are mutually exclusive
 * (picocli refuses both, exit 2); each option repeats and takes comma lists; patterns use {@code *} and {@code ?}.
 */
public final class RunFilterOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TargetFilter targets;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ProbeFilter probes;

    @Option(
            names = "--test-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long one test may take on one probe x target (e.g. 30s, 2m; default: the monitor's).")
    Duration testTimeout;

    @Option(
            names = "--run-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long the whole run may take on the rack (e.g. 10m; default: the monitor's).")
    Duration runTimeout;

    @Option(
            names = "--rack",
            paramLabel = "ID",
            description = "On a fleet's front: run every target on this one rack of the fleet (its rack id) and on no"
                    + " other; refused when that rack is not live or lacks a target of the run.")
    String rack;

    static final class TargetFilter {
        @Option(
                names = "--include-targets",
                split = ",",
                paramLabel = "PATTERN",
                required = true,
                description = "Run only on targets whose name matches (repeatable, comma list, * and ?).")
        List<String> include;

        @Option(
                names = "--exclude-targets",
                split = ",",
                paramLabel = "PATTERN",
                required = true,
                description = "Run on every target except those whose name matches.")
        List<String> exclude;
    }

    static final class ProbeFilter {
        @Option(
                names = "--include-probes",
                split = ",",
                paramLabel = "PATTERN",
                required = true,
                description = "Use only probes whose identifier or serial matches (repeatable, comma list, * and ?).")
        List<String> include;

        @Option(
                names = "--exclude-probes",
                split = ",",
                paramLabel = "PATTERN",
                required = true,
                description = "Use every probe except those whose identifier or serial matches.")
        List<String> exclude;
    }

    /** The run options as the monitor takes them ({@code RunOptions}; absent fields take the monitor's defaults). */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode options = mapper.createObjectNode();
        if (targets != null) {
            options.set("targets", mapper.valueToTree(filter("targets", targets.include, targets.exclude)));
        }
        if (probes != null) {
            options.set("probes", mapper.valueToTree(filter("probes", probes.include, probes.exclude)));
        }
        if (testTimeout != null) {
            options.put("testTimeoutMillis", testTimeout.toMillis());
        }
        if (runTimeout != null) {
            options.put("runTimeoutMillis", runTimeout.toMillis());
        }
        if (rack != null) {
            if (rack.isBlank()) {
                throw CliException.usage("--rack: name a rack of the fleet (its rack id)");
            }
            options.put("rack", rack.strip());
        }
        return options;
    }

    private static Filter filter(String kind, List<String> include, List<String> exclude) {
        boolean including = include != null;
        List<String> patterns =
                (including ? include : exclude).stream().map(String::strip).toList();
        try {
            return new Filter(including ? Filter.Mode.INCLUDE : Filter.Mode.EXCLUDE, patterns);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--" + (including ? "include-" : "exclude-") + kind + ": " + e.getMessage());
        }
    }
}
