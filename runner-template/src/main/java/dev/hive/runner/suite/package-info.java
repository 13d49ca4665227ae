/**
 * Runs the hive tests through the JUnit Platform Launcher, one cell (channel × target) at a time: finds the
 * hive test classes in the runner JAR, orders them deterministically, guards every invocation with a time
 * limit and the target's fate, and turns JUnit's events into one streamed result per test and cell.
 */
package dev.hive.runner.suite;
