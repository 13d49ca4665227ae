/**
 * The CLI's own steps, timed on request: with {@code HIVE_CLI_TRACE=1} (or {@code -Dhive.cli.trace=true}) the
 * {@code hive} process writes, when it ends, one line on stderr with the time from the JVM's start to each step of a
 * command ({@code docs/cli.md}), so that the share of {@code hive test}'s wall that is the CLI's own can be seen.
 */
package dev.hive.cli.trace;
