package dev.hive.cli.command;

import dev.hive.cli.CliException;
import dev.hive.protocol.run.TestSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which hive tests a run executes: {@code --select} classes or methods, {@code --include-tags} and
 * {@code --exclude-tags} JUnit tag expressions. Each option repeats and takes comma lists. The same selection goes to
 * the runner's list mode (before upload) and into the run options.
 */
public final class TestSelectionOptions {

    @Option(
            names = "--select",
            split = ",",
            paramLabel = "CLASS[#METHOD]",
            description = "Run only these test classes or methods, e.g. com.example.ProbeTest#readsTheUid"
                    + " (repeatable, comma list; default: every hive test).")
    List<String> tests;

    @Option(
            names = "--include-tags",
            split = ",",
            paramLabel = "EXPR",
            description = "Run only tests whose tags match one of these JUnit tag expressions, e.g. 'fast | uart'"
                    + " (repeatable, comma list).")
    List<String> includeTags;

    @Option(
            names = "--exclude-tags",
            split = ",",
            paramLabel = "EXPR",
            description = "Leave out tests whose tags match one of these JUnit tag expressions (repeatable, comma"
                    + " list).")
    List<String> excludeTags;

    /** The selection, or null when the user narrowed nothing. */
    public TestSelection selection() {
        try {
            TestSelection selection = new TestSelection(clean(tests), clean(includeTags), clean(excludeTags));
            return selection.selectsEverything() ? null : selection;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--select/--include-tags/--exclude-tags: " + e.getMessage());
        }
    }

    /** The selection as the runner's list mode takes it. */
    public List<String> listArguments() {
        var args = new ArrayList<String>();
        TestSelection selection = selection();
        if (selection != null) {
            selection.tests().forEach(t -> args.addAll(List.of("--select", t)));
            selection.includeTags().forEach(t -> args.addAll(List.of("--include-tags", t)));
            selection.excludeTags().forEach(t -> args.addAll(List.of("--exclude-tags", t)));
        }
        return args;
    }

    private static List<String> clean(List<String> values) {
        return values == null
                ? List.of()
                : values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
