/**
 * A SAMPLE hive suite, so that the runner template builds and tests itself. The {@code hive} CLI replaces this
 * source folder ({@code src/hive/java}) with the user's hive tests. Each class shows one thing the runner
 * must handle: a probe in use, a failure, an expected failure, contracts, a hang, many results and a target
 * that dies under a test.
 */
package dev.hive.sample;
