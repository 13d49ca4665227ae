/**
 * Access to the built-in testprogram's sources, which this module packages as resources. The rack's
 * testprogram builder compiles them; the monitor shows them read-only in its dashboard.
 */
package dev.hive.testprograms;
