/**
 * What the monitor remembers about its rack between restarts: which probe sits in each testchannel, which
 * target in each stack slot with its last flash outcome, and the testprograms with their sources and build
 * history. At start the stored assignment is healed against the hardware the backend detects (the detected
 * side wins, and every difference is logged), as the original monitor did with its database.
 */
package dev.hive.monitor.rack;
