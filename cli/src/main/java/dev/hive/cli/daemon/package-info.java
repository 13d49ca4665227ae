/**
 * The CLI's daemon (issue 17): a long-lived JVM of the CLI's own JAR that runs {@code hive test} for the launchers
 * ({@code cli/bin/hive}, {@code packaging/hive}), so a command starts no JVM and finds picocli, Jackson, the HTTP client
 * and the JIT's work warm. Maven's mvnd is the model (a thin client, a daemon per user and build of the tool), with a
 * client that is a few lines of POSIX sh: a request is a directory of files (arguments, working directory,
 * environment, terminal or not) whose path the client writes as one line to the daemon's FIFO; the output comes back
 * through the request's own FIFOs and the exit code in a file. Each request has its own streams, directory and
 * environment ({@link dev.hive.cli.CliEnvironment}); nothing of one request is static. docs/cli.md, "The CLI's
 * daemon".
 */
package dev.hive.cli.daemon;
