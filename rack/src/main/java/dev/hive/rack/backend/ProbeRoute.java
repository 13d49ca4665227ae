package dev.hive.rack.backend;

/**
 * A probe taken over by an in-process client ({@link RackBackend#takeProbe}): where the target's debug socket is,
 * and how to give the probe back.
 *
 * @param endpoint the target's debug socket, as a probe endpoint ({@code unix:/path})
 * @param release gives the probe back once the client's connection is closed; safe to call more than once
 */
public record ProbeRoute(String endpoint, Runnable release) {}
