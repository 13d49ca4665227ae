package dev.hive.monitor.web.graphql;

import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.web.graphql.LogFetchers.LogEntryNode;
import dev.hive.monitor.web.graphql.RackNodes.RackNode;
import dev.hive.monitor.web.graphql.RunFetchers.RunNode;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;

/**
 * The live updates: each subscription is a {@link Feed} that listens to a {@link LiveEvents} topic until the
 * client stops it. Snapshots (a run, the rack) are read on workers one after the other, so a client never
 * sees an older state after a newer one.
 */
final class Subscriptions {

    static final int FEED_CAPACITY = 256;

    private final GraphQLDependencies deps;
    private final RunFetchers runs;
    private final RackFetchers rack;

    Subscriptions(GraphQLDependencies deps, RunFetchers runs, RackFetchers rack) {
        this.deps = deps;
        this.runs = runs;
        this.rack = rack;
    }

    void register(Wiring w) {
        w.subscription("runUpdated", Guard.USER, this::runUpdated);
        w.subscription("logAdded", Guard.USER, this::logAdded);
        w.subscription("rackChanged", Guard.USER, this::rackChanged);
        w.subscription("queueChanged", Guard.USER, this::queueChanged);
    }

    /** The run now, then after every change, until it has ended. */
    private Publisher<RunNode> runUpdated(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "run");
        Feed<RunNode> feed = new Feed<>(FEED_CAPACITY);
        Snapshots<Optional<RunNode>> snapshots = new Snapshots<>(() -> runs.load(id), found -> {
            if (found.isEmpty()) {
                feed.complete();
                return;
            }
            feed.offer(found.get());
            if (found.get().state().isFinal()) {
                feed.complete();
            }
        });
        Runnable stop = deps.events().runs.listen(changed -> {
            if (changed == id && feed.open()) {
                snapshots.take();
            }
        });
        feed.onClose(stop);
        snapshots.take();
        return feed;
    }

    private Publisher<LogEntryNode> logAdded(DataFetchingEnvironment env) {
        LogSource source = LogSource.valueOf(env.getArgument("source"));
        Set<String> levels = LogFetchers.atOrAbove(
                Optional.ofNullable((String) env.getArgument("level")).orElse("INFO"));
        Feed<LogEntryNode> feed = new Feed<>(FEED_CAPACITY);
        Runnable stop = deps.events().logs.listen(entry -> {
            LogEntryNode node = LogEntryNode.of(entry);
            if (entry.source() == source && levels.contains(node.level())) {
                feed.offer(node);
            }
        });
        feed.onClose(stop);
        return feed;
    }

    private Publisher<RackNode> rackChanged(DataFetchingEnvironment env) {
        Feed<RackNode> feed = new Feed<>(FEED_CAPACITY);
        Snapshots<RackNode> snapshots = new Snapshots<>(rack::load, feed::offer);
        Runnable stop = deps.events().rack.listen(changed -> {
            if (feed.open()) {
                snapshots.take();
            }
        });
        feed.onClose(stop);
        return feed;
    }

    /**
     * The queue now, then each time it looks different: a run queued, taken, started, cancelled or ended, a
     * position changed. Events that leave it as it was (a later phase of the running run) send nothing.
     */
    private Publisher<List<RunNode>> queueChanged(DataFetchingEnvironment env) {
        Feed<List<RunNode>> feed = new Feed<>(FEED_CAPACITY);
        AtomicReference<List<RunNode>> last = new AtomicReference<>();
        Snapshots<List<RunNode>> snapshots = new Snapshots<>(runs::queue, queue -> {
            if (!queue.equals(last.getAndSet(queue))) {
                feed.offer(queue);
            }
        });
        Runnable stop = deps.events().queue.listen(changed -> {
            if (feed.open()) {
                snapshots.take();
            }
        });
        feed.onClose(stop);
        snapshots.take();
        return feed;
    }

    /** Takes snapshots one after the other; a failed one is skipped (the next change brings a new one). */
    private static final class Snapshots<T> {
        private final Supplier<CompletableFuture<T>> load;
        private final java.util.function.Consumer<T> deliver;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        Snapshots(Supplier<CompletableFuture<T>> load, java.util.function.Consumer<T> deliver) {
            this.load = load;
            this.deliver = deliver;
        }

        synchronized void take() {
            last = last.thenCompose(v -> load.get()).thenAccept(deliver).exceptionally(e -> null);
        }
    }
}
