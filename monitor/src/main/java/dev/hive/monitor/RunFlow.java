package dev.hive.monitor;

import dev.hive.monitor.config.MonitorConfig;
import dev.hive.monitor.health.TargetHealth;
import dev.hive.monitor.metrics.FlashMetrics;
import dev.hive.monitor.metrics.Metrics;
import dev.hive.monitor.rack.SwappableRack;
import dev.hive.monitor.task.RunQueue;
import dev.hive.monitor.task.RunTickets;
import dev.hive.monitor.web.RunEventHub;
import dev.hive.monitor.web.graphql.LiveEvents;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * A run passes through the queue, is watched through tickets and two event hubs, and is counted by the
 * metrics; the task runner, the fleet and both APIs all take some of these. This record makes them once, in
 * order, so the composition root passes one value to the steps that follow.
 */
record RunFlow(RunQueue queue, RunTickets tickets, RunEventHub events, LiveEvents live, Metrics metrics) {

    /** Makes the queue, tickets, hubs and metrics (with the queue length, target gauges and flash counts). */
    static RunFlow open(
            MonitorConfig config, Clock clock, Repositories stores, SwappableRack rack, TargetHealth health) {
        var limits = config.limits();
        var queue = new RunQueue(limits.queueLength(), limits.ticketLifetime());
        var metrics = new Metrics(config.metrics());
        metrics.queueLength(queue::size);
        TargetGauges.register(metrics, rack, health);
        rack.addFlashListener(new FlashMetrics(metrics.registry()));
        var tickets = new RunTickets(limits.pendingTickets(), limits.ticketLifetime(), clock, new SecureRandom());
        var events = new RunEventHub(clock, limits.reattach());
        var live = new LiveEvents();
        live.attach(queue, stores.runs(), stores.logs());
        return new RunFlow(queue, tickets, events, live, metrics);
    }
}
