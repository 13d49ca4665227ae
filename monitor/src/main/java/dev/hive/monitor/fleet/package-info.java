/**
 * The monitor's side of a fleet: many monitors, in several labs and behind NAT, dial out to one NATS
 * JetStream hub instead of being reached, so a front monitor or a dashboard can see every rack without any
 * inbound port on the racks. {@link dev.hive.monitor.fleet.FleetLink} holds the hub connection (reconnecting
 * forever, on jnats' own threads, never on an event loop) and {@link dev.hive.monitor.fleet.InventoryPublisher}
 * keeps this rack's {@link dev.hive.protocol.fleet.RackInventory} fresh in the {@code hive-racks} key-value
 * bucket, whose entries expire so a dead rack drops out by itself. Runs cross the fleet as shards (one per
 * target) on a JetStream work queue: a front's {@link dev.hive.monitor.fleet.ShardDispatcher} splits them
 * (after {@link dev.hive.monitor.fleet.RunAdmission} admitted the run), its
 * {@link dev.hive.monitor.fleet.ShardPublisher} publishes them, its {@link dev.hive.monitor.fleet.ShardEventFollower}
 * follows the run's events and its {@link dev.hive.monitor.fleet.ShardEventMerger} turns them back into the run
 * and its {@link dev.hive.monitor.fleet.ShardWatchdog} ends the shards whose racks are lost, and it keeps each
 * run's shards and their attempts in {@link dev.hive.monitor.fleet.ShardRepository}, from which
 * {@link dev.hive.monitor.fleet.FrontResume} picks its unended runs up again when it restarts (not on a hub whose
 * store was replaced meanwhile: {@link dev.hive.monitor.fleet.HubReplacement}), and
 * {@link dev.hive.monitor.fleet.HubReconnection} checks its runs in flight the same way when its hub connection comes
 * back (a hub replaced under a running front); {@link dev.hive.monitor.fleet.RunStops} tells the racks to stop the
 * shards of a run it gave up; a rack's {@link dev.hive.monitor.fleet.ShardSource}
 * claims one while its rack is idle ({@link dev.hive.monitor.fleet.ShardPuller} asks the work queue, woken by
 * {@link dev.hive.monitor.fleet.WorkDoorbell} when a shard for it is published, not by a polling loop;
 * {@link dev.hive.monitor.fleet.ShardClaims} keeps the claim), feeds it to its own task runner and stores its
 * events ({@link dev.hive.monitor.fleet.ShardEventPublisher}) (a run pinned to one rack,
 * {@link dev.hive.monitor.fleet.PinnedRun}, goes on that rack's own consumer, which no other rack pulls); runner JARs go through
 * {@link dev.hive.monitor.fleet.RunnerStore}. The front creates the hub's resources, racks only use them, so the
 * hub can give each rack a user allowed only its subjects ({@link dev.hive.monitor.fleet.HubPermissions} writes
 * that permission file). {@link dev.hive.monitor.fleet.FleetRoster} is the fleet as users see it (the REST,
 * GraphQL and CLI views): role, hub connection and, on a front, every rack live or gone (the racks it saw are kept
 * in {@link dev.hive.monitor.fleet.RackSightings} whoever read the hub, so a restarted front still lists the gone ones). Nothing here starts when
 * {@code fleet.enabled} is false. See {@code docs/fleet.md}.
 */
package dev.hive.monitor.fleet;
