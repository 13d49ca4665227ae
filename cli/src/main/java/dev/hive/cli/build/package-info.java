/**
 * Building the runner JAR for {@code hive test}: finding the candidate, laying out a workspace under the user's cache
 * directory (the runner template the CLI carries, a generated POM whose parent is the candidate's), fingerprinting the
 * inputs so an unchanged candidate reuses its JAR, and running Maven through Maven Invoker.
 */
package dev.hive.cli.build;
