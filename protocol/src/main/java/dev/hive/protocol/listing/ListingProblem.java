package dev.hive.protocol.listing;

import dev.hive.protocol.wire.Fields;

/**
 * Something that keeps hive tests from running as written, found without a rack: the CLI shows each one and
 * uploads nothing.
 *
 * @param file the source file, relative to the hive tests' directory ({@code com/example/FooTest.java}), or null
 *     when the problem is not in a source (a selection naming a class the runner does not hold)
 * @param className the class concerned, or null
 * @param methodName the method concerned, or null
 * @param message what is wrong and what to do, one sentence
 */
public record ListingProblem(String file, String className, String methodName, String message) implements ListingLine {

    public ListingProblem {
        Fields.required(message, "message");
    }
}
