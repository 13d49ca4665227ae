package dev.hive.monitor.rack;

import dev.hive.rack.testprogram.TestprogramBuild;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The build of the active testprogram, the one the task runner flashes. It starts as the build the rack was
 * flashed with; activating another testprogram (or rebuilding the active one) replaces it, and the task runner
 * is told the targets changed so that its next run flashes the new build first.
 */
public final class ActiveBuild implements Supplier<TestprogramBuild> {

    private final AtomicReference<TestprogramBuild> current;
    private final Object changing = new Object();

    public ActiveBuild(TestprogramBuild initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public TestprogramBuild get() {
        return current.get();
    }

    /** Makes {@code build} the one to flash; only a build whose every image is OK may be. */
    public void replace(TestprogramBuild build) {
        if (!build.ok()) {
            throw new IllegalArgumentException("testprogram " + build.testprogram() + " did not build ("
                    + build.status() + "); it cannot be flashed");
        }
        current.set(build);
    }

    /**
     * Runs {@code work} while no other work passed here runs. Activating or rebuilding a testprogram and
     * reinitialising the rack each build for the rack's targets and then replace this build; interleaved, the
     * build left could lack an image for a board that was just started. Reading the build never waits.
     */
    public <T> T exclusively(Supplier<T> work) {
        synchronized (changing) {
            return work.get();
        }
    }
}
