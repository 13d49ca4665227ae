/**
 * Builds testprograms: for the targets in use, one ELF per distinct architecture, core and memory layout,
 * each with a generated linker script and generated defines (a new {@code HIVE_UID} per build). The compiler's
 * output is kept, and the ELF's symbol table is read back so tests can be told where the known symbols are. A
 * testprogram that does not compile is a status with the compiler's messages, never an escaping exception.
 */
package dev.hive.rack.testprogram;
