/**
 * The runner's local list mode, {@code java -jar runner.jar --list}: discovers the hive tests with a selection,
 * exactly as a run on the rack would, and reports what would keep them from running (a parameter nothing
 * resolves, a test class without {@code @HiveTest}), without a rack or a monitor. The CLI runs it before it
 * uploads anything.
 */
package dev.hive.runner.listing;
