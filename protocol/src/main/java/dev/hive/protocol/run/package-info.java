/**
 * What a run asks for and what it produces: the options the CLI sends and the monitor forwards to the runner
 * (probe and target filters, timeouts), the cell a test ran in (channel, probe, stack, slot, target), each
 * test's result and the run's summary. The CLI, the monitor and the runner all read these, so they live here
 * once; the filter's matching rules live here too, so every process agrees on what a pattern admits.
 */
package dev.hive.protocol.run;
