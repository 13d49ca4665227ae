/**
 * What {@code java -jar runner.jar --list} prints for the CLI, one JSON object a line: the hive tests the runner
 * would run with a selection, and the problems that would keep tests from running anywhere (a parameter nothing
 * resolves, a test class without {@code @HiveTest}, a selection naming what is not there). It crosses a process
 * boundary (runner → CLI), so it lives here with the other wire types.
 */
package dev.hive.protocol.listing;
