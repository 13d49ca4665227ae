/**
 * How a runner's JVM is started: the options that suit a process that lives for one run, and a class-data
 * sharing archive per runner JAR, made once by a training run in the sandbox and mapped by every later run of
 * that JAR, so that its classes are not parsed and verified again on every start. Nothing here may fail a run: a
 * missing, unfinished or broken archive means the runner starts without one.
 */
package dev.hive.monitor.runnerjvm;
