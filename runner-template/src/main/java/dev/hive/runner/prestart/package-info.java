/**
 * The pre-started runner: a JVM the monitor starts from the runner's fixed part (this module's classes, the runner
 * API, the protocol, JUnit and Jackson: the template's {@code fixed} JAR) before a run arrives. It loads and warms
 * what does not depend on the candidate, then waits for one line on stdin that hands it a run (the candidate's
 * runner JAR, the IPC socket, the run id); it then loads that JAR in a child class loader and runs exactly as a
 * cold runner would. The monitor hands a run over only when every class of the candidate's JAR that the fixed part
 * also holds has the same CRC32 (docs/ipc.md, "A pre-started runner"); one JVM serves one run.
 */
package dev.hive.runner.prestart;
