package dev.hive.cli.command;

import dev.hive.cli.CliException;
import dev.hive.cli.build.Candidate;
import dev.hive.cli.build.RunnerListing.Listing;
import dev.hive.cli.report.Console;
import dev.hive.protocol.listing.ListedTest;
import dev.hive.protocol.listing.ListingProblem;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows a runner's listing: the problems as one error each (then exit 2, before anything is uploaded), or the tests
 * for {@code hive test --list}.
 */
final class TestListingReport {

    private final Console out;
    private final Candidate candidate;

    TestListingReport(Console out, Candidate candidate) {
        this.out = out;
        this.candidate = candidate;
    }

    /**
     * Prints each problem of {@code listing} as an error naming its file and method.
     *
     * @throws CliException (exit 2) if there is any
     */
    void failOnProblems(Listing listing) {
        for (ListingProblem problem : listing.problems()) {
            out.error("hive: error: " + where(problem) + problem.message());
        }
        if (!listing.problems().isEmpty()) {
            int n = listing.problems().size();
            throw CliException.usage(
                    n + (n == 1 ? " problem" : " problems") + " in the hive tests (above); nothing was uploaded");
        }
    }

    /** Prints the tests, one line each: the display names from the class down, the tags, the method. */
    void printTests(Listing listing) {
        for (ListedTest test : listing.tests()) {
            out.line(String.join(" > ", test.displayPath())
                    + (test.tags().isEmpty() ? "" : "  [" + String.join(", ", test.tags()) + "]")
                    + "  " + out.dim(test.className() + "#" + test.methodName()));
        }
        long classes = listing.tests().stream()
                .map(t -> t.displayPath().isEmpty()
                        ? t.className()
                        : t.displayPath().get(0))
                .distinct()
                .count();
        out.line(listing.tests().size() + " test(s) in " + classes + " class(es) would run on every probe x target.");
    }

    private String where(ListingProblem problem) {
        StringBuilder where = new StringBuilder();
        if (problem.file() != null) {
            Path file = candidate.hiveTests().resolve(problem.file());
            where.append(Files.isRegularFile(file) ? file.toString() : problem.file())
                    .append(": ");
        }
        if (problem.className() != null) {
            where.append(problem.className());
            if (problem.methodName() != null) {
                where.append('#').append(problem.methodName());
            }
            where.append(": ");
        }
        return where.toString();
    }
}
