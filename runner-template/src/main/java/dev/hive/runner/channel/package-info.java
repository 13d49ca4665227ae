/**
 * What a hive test receives about the cell it runs on: the rack description's probe and target turned into
 * the runner API's {@code ProbeInfo} and {@code TargetInfo}, and the testchannel's I/O (the target's UART over
 * the channel's socket; GPIO where a driver exists).
 */
package dev.hive.runner.channel;
