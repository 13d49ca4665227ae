/**
 * Target health (issue 15, docs/health.md): whether a target may be used, apart from its rack state
 * (READY/POWERED_OFF/LOST says whether it is there; health says whether it can be trusted). {@link Health} is
 * GOOD, UNKNOWN, BAD, MAINTENANCE or RETIRED; every change is kept with who, when and why by
 * {@link HealthRepository}; {@link TargetHealth} is the service the rest of the monitor asks ({@code
 * isUsable}, {@code set}, {@code markUnknown}); {@link HealthGate} is the task runner's hook: targets that are
 * not usable are handed to the runner with the reason, so their tests show SKIPPED, and an infrastructure error
 * in a user run makes the targets it had UNKNOWN (never BAD: only a health check quarantines).
 */
package dev.hive.monitor.health;
