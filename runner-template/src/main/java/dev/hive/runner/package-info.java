/**
 * The runner's entry point and run lifecycle: {@code Main} (command line, exit codes) and the run itself
 * (hello, desync check, one thread per channel, summary). The monitor starts it as {@code java -jar runner.jar
 * SOCKET RUN_ID}; see {@code docs/ipc.md}.
 */
package dev.hive.runner;
