/**
 * How the wire types spell and check their fields. The records of {@code rack}, {@code run} and {@code ipc}
 * travel between processes that do not trust each other, and the same records are read by several object
 * mappers (the IPC codec, the monitor's REST layer, the CLI); so the rules live on the records themselves: a
 * field marked {@link dev.hive.protocol.wire.Required} may be neither absent nor null, instants and 64-bit
 * identifiers have one text spelling whatever mapper reads them, and compact constructors validate ranges
 * through {@link dev.hive.protocol.wire.Fields} with messages that name the field.
 */
package dev.hive.protocol.wire;
