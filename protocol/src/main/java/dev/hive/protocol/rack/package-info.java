/**
 * Values that describe rack hardware on the wire: the architecture of a target and its memory regions. The
 * rack module builds its model from them and the runner receives them in the rack description, so both ends
 * agree on one spelling.
 */
package dev.hive.protocol.rack;
