/**
 * One run from the CLI's side: the options sent, the upload by hash first and by multipart when needed, the
 * WebSocket's events turned into live output, Ctrl-C (cancel while queued, detach while running), and the end:
 * the results table, the JUnit and JSON files, and the exit code.
 */
package dev.hive.cli.run;
