package dev.hive.monitor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    private final RunQueue queue = new RunQueue(3, Duration.ofSeconds(15));

    @Test
    void runsComeOutInOrderAndPositionsFall() throws Exception {
        List<Map<Long, Integer>> seen = new CopyOnWriteArrayList<>();
        queue.onPositions(seen::add);
        assertThat(queue.enqueue(7)).isEqualTo(1);
        assertThat(queue.enqueue(8)).isEqualTo(2);
        assertThat(queue.enqueue(9)).isEqualTo(3);
        assertThat(queue.position(9)).isEqualTo(3);

        assertThat(queue.take()).isEqualTo(7);
        assertThat(queue.position(9)).isEqualTo(2);
        assertThat(queue.position(7)).isZero();
        assertThat(seen.get(seen.size() - 1)).containsExactly(Map.entry(8L, 1), Map.entry(9L, 2));
    }

    @Test
    void aFullQueueRefusesWithARetryAfter() {
        queue.enqueue(1);
        queue.enqueue(2);
        queue.enqueue(3);
        assertThatThrownBy(() -> queue.enqueue(4))
                .isInstanceOf(QueueFullException.class)
                .hasMessage("the run queue is full (3 runs waiting); try again later")
                .satisfies(
                        e -> assertThat(((QueueFullException) e).retryAfter()).isEqualTo(Duration.ofSeconds(15)));
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.position(4)).isZero();
    }

    @Test
    void cancelRemovesAWaitingRunAndMovesTheOthersUp() throws Exception {
        queue.enqueue(1);
        queue.enqueue(2);
        queue.enqueue(3);
        assertThat(queue.cancel(2)).isTrue();
        assertThat(queue.cancel(2)).isFalse();
        assertThat(queue.position(3)).isEqualTo(2);
        assertThat(queue.take()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo(3);
        assertThat(queue.cancel(3))
                .as("a taken run is no longer cancellable here")
                .isFalse();
    }

    @Test
    void takeWaitsForARunAndTimesOut() throws Exception {
        assertThat(queue.take(Duration.ofMillis(20))).isEqualTo(-1);
        var taker = Executors.newSingleThreadExecutor();
        try {
            var next = taker.submit(() -> queue.take());
            assertThat(next.isDone()).isFalse();
            queue.enqueue(42);
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(42);
        } finally {
            taker.shutdownNow();
        }
    }

    @Test
    void theTakenRunIsHeldInTheLineupUntilReleased() throws Exception {
        List<RunQueue.Lineup> heard = new CopyOnWriteArrayList<>();
        queue.onPositions(positions -> heard.add(queue.lineup()));
        queue.enqueue(1);
        queue.enqueue(2);
        assertThat(queue.lineup()).isEqualTo(new RunQueue.Lineup(Optional.empty(), List.of(1L, 2L)));

        assertThat(queue.take()).isEqualTo(1);
        assertThat(heard.get(heard.size() - 1))
                .as("a listener hearing the take already sees the run as taken, never as gone")
                .isEqualTo(new RunQueue.Lineup(Optional.of(1L), List.of(2L)));
        queue.release(2);
        assertThat(queue.lineup().taken())
                .as("releasing another run changes nothing")
                .contains(1L);
        queue.release(1);
        assertThat(queue.lineup()).isEqualTo(new RunQueue.Lineup(Optional.empty(), List.of(2L)));
    }

    @Test
    void theSameRunCannotWaitTwice() {
        queue.enqueue(5);
        assertThatThrownBy(() -> queue.enqueue(5)).hasMessage("run 5 is already queued");
    }
}
