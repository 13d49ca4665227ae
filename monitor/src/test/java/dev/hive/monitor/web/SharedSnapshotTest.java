package dev.hive.monitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The capabilities answer's snapshot on the real file worker: one refresh per expiry, shared by all who wait. */
class SharedSnapshotTest {

    private static final long MAX_AGE = 1_000_000_000L;

    private final Vertx vertx = Vertx.vertx();
    private final Executors executors = new Executors(vertx);
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final AtomicInteger encoded = new AtomicInteger();

    @AfterEach
    void close() {
        executors.close();
        vertx.close().await();
    }

    @Test
    void requestsArrivingDuringARefreshShareIt() throws Exception {
        var release = new CountDownLatch(1);
        var snapshot = new SharedSnapshot(
                executors,
                () -> {
                    release.await(30, TimeUnit.SECONDS);
                    return Buffer.buffer("rack " + encoded.incrementAndGet());
                },
                MAX_AGE,
                now::get);

        List<Future<Buffer>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(snapshot.get());
        }
        release.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<Buffer> f : waiting) {
            bodies.add(f.toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)
                    .toString());
        }

        assertThat(bodies).hasSize(50).containsOnly("rack 1");
        assertThat(snapshot.refreshes()).isEqualTo(1);
        assertThat(encoded).hasValue(1);
    }

    @Test
    void aFreshSnapshotIsSentAsItIsAndAnExpiredOneIsMadeAgain() throws Exception {
        var snapshot = new SharedSnapshot(
                executors, () -> Buffer.buffer("rack " + encoded.incrementAndGet()), MAX_AGE, now::get);

        assertThat(body(snapshot)).isEqualTo("rack 1");
        now.addAndGet(MAX_AGE - 1);
        assertThat(body(snapshot)).isEqualTo("rack 1");
        now.addAndGet(1);
        assertThat(body(snapshot)).isEqualTo("rack 2");
        assertThat(snapshot.refreshes()).isEqualTo(2);
    }

    @Test
    void aFailedRefreshFailsItsWaitersAndTheNextRequestTriesAgain() throws Exception {
        var fail = new java.util.concurrent.atomic.AtomicBoolean(true);
        var snapshot = new SharedSnapshot(
                executors,
                () -> {
                    if (fail.get()) {
                        throw new IllegalStateException("the rack is not answering");
                    }
                    return Buffer.buffer("rack " + encoded.incrementAndGet());
                },
                MAX_AGE,
                now::get);

        Future<Buffer> failed = snapshot.get();
        assertThat(failed.toCompletionStage().toCompletableFuture())
                .failsWithin(30, TimeUnit.SECONDS)
                .withThrowableThat()
                .withMessageContaining("the rack is not answering");
        fail.set(false);
        assertThat(body(snapshot)).isEqualTo("rack 1");
    }

    private static String body(SharedSnapshot snapshot) throws Exception {
        return snapshot.get()
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS)
                .toString();
    }
}
