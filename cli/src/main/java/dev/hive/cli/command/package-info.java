/**
 * The subcommands, one class each, and the options they share as picocli mixins: the global options (monitor, token,
 * TLS, verbosity), the run filters and timeouts, and the report files.
 */
package dev.hive.cli.command;
