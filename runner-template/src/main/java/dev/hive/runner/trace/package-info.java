/**
 * The runner's start, timed on request: with {@code -Dhive.runner.trace=true} the runner writes, when it ends, one
 * line on stderr with the time from the JVM's start to each step on the way to its first test.
 */
package dev.hive.runner.trace;
