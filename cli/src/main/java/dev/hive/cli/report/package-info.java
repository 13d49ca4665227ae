/**
 * What the user reads: the console (colours and progress bars only on a terminal, plain lines otherwise), the live
 * line per finished test, the results table grouped by target and probe, and the run history.
 */
package dev.hive.cli.report;
