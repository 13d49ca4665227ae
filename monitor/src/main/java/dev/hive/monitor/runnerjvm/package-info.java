/**
 * How a runner's JVM is started: the options that suit a process that lives for one run, and a class-data
 * sharing archive per runner JAR, made once by a training run in the sandbox and mapped by every later run of
 * that JAR, so that its classes are not parsed and verified again on every start; and a runner JVM started before
 * its run from the runner's fixed part ({@link dev.hive.monitor.runnerjvm.PreStartedRunners}), handed a run only
 * when its sandbox and the JAR's fixed-part classes are exactly what a cold start would have. Nothing here may fail
 * a run: a missing, unfinished or broken archive, or a pre-started runner that is not ready or may not be used, means
 * the runner starts cold as before.
 */
package dev.hive.monitor.runnerjvm;
