package dev.hive.monitor.rack;

import dev.hive.rack.testprogram.BuildStatus;
import java.time.Instant;

/**
 * One stored build of a testprogram.
 *
 * @param id its row id
 * @param testprogramId the testprogram built
 * @param uid the {@code HIVE_UID} compiled into its images
 * @param status the worst status over its images
 * @param output the compiler and linker output, for people to read
 * @param createdAt when it was recorded
 */
public record RecordedBuild(
        long id, long testprogramId, long uid, BuildStatus status, String output, Instant createdAt) {}
