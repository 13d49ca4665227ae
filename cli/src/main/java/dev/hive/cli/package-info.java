/**
 * The {@code hive} command: the composition root ({@link dev.hive.cli.HiveCommandLine}) that builds the configured
 * picocli command line for {@code main} and the tests, the environment it runs in, and the exit codes it ends with.
 */
package dev.hive.cli;
