/**
 * Who runs what where: the rack plan after the probe and target filters, one worker thread per channel that
 * visits every target (one stack per channel at a time), and the registry through which a lost target reaches
 * the tests running on it.
 */
package dev.hive.runner.schedule;
