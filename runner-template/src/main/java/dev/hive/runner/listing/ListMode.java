package dev.hive.runner.listing;

import dev.hive.protocol.listing.ListingCodec;
import dev.hive.protocol.listing.ListingLine;
import dev.hive.protocol.listing.ListingProblem;
import dev.hive.protocol.run.TestSelection;
import dev.hive.runner.suite.SelectionException;
import dev.hive.runner.suite.Suite;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar runner.jar --list [--select TESTS] [--include-tags EXPR] [--exclude-tags EXPR]}: prints, one
 * JSON line each ({@code dev.hive.protocol.listing}), the tests the runner would run with that selection, then the
 * problems that would keep tests from running (a selection naming what is not there, a parameter nothing
 * resolves, a test class without {@code @HiveTest}). Needs no rack and no monitor.
 */
public final class ListMode {

    /** The first argument that starts this mode. */
    public static final String FLAG = "--list";

    private final ClassLoader loader;
    private final Path location;
    private final List<String> hiveClasses;

    public ListMode(ClassLoader loader, Path location, List<String> hiveClasses) {
        this.loader = loader;
        this.location = location;
        this.hiveClasses = List.copyOf(hiveClasses);
    }

    /**
     * Parses the selection arguments (those after {@link #FLAG}), each repeatable with comma lists.
     *
     * @throws IllegalArgumentException for an unknown argument or one without its value
     */
    public static TestSelection selection(List<String> args) {
        var tests = new ArrayList<String>();
        var include = new ArrayList<String>();
        var exclude = new ArrayList<String>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            List<String> into =
                    switch (arg) {
                        case "--select" -> tests;
                        case "--include-tags" -> include;
                        case "--exclude-tags" -> exclude;
                        default -> throw new IllegalArgumentException("unknown argument " + arg
                                + "; --list takes --select, --include-tags and --exclude-tags");
                    };
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            Arrays.stream(args.get(++i).split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(into::add);
        }
        return new TestSelection(tests, include, exclude);
    }

    /** Lists the tests of {@code selection} and the problems on {@code out}. */
    public void list(TestSelection selection, PrintStream out) {
        var codec = new ListingCodec();
        var lines = new ArrayList<ListingLine>();
        try {
            TestListing listing = TestListing.of(new Suite(hiveClasses, selection, Clock.systemUTC()));
            lines.addAll(listing.tests());
            lines.addAll(listing.problems());
        } catch (SelectionException e) {
            lines.add(new ListingProblem(null, null, null, e.getMessage()));
        }
        lines.addAll(new UnmarkedTestClasses(loader).problems(location));
        for (ListingLine line : lines) {
            out.println(codec.encode(line));
        }
        out.flush();
    }
}
