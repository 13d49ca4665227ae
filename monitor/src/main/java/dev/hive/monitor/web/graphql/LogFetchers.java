package dev.hive.monitor.web.graphql;

import dev.hive.monitor.log.LogEntry;
import dev.hive.monitor.log.LogSource;
import dev.hive.monitor.web.Executors;
import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Monitor and runner logs, newest first, at a level or above, paged with a cursor. */
final class LogFetchers {

    static final int MAX_PAGE = 500;
    /** The schema's LogLevel values, most severe first. */
    static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    record LogEntryNode(
            String id, LogSource source, String runId, String level, String logger, String message, Instant at) {
        static LogEntryNode of(LogEntry e) {
            return new LogEntryNode(
                    Long.toString(e.id()),
                    e.source(),
                    e.runId().map(String::valueOf).orElse(null),
                    LogFetchers.level(e.level()),
                    e.logger(),
                    e.message(),
                    e.at());
        }
    }

    record LogPageNode(List<LogEntryNode> entries, String nextCursor) {}

    private final GraphQLDependencies deps;
    private final Executors executors;

    LogFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("LogEntry", LogEntryNode.class).node("LogPage", LogPageNode.class);
        w.query("logs", Guard.USER, this::logs);
    }

    private CompletableFuture<LogPageNode> logs(DataFetchingEnvironment env) {
        LogSource source = LogSource.valueOf(env.getArgument("source"));
        Set<String> levels =
                atOrAbove(Optional.ofNullable((String) env.getArgument("level")).orElse("INFO"));
        int limit = Async.bounded(env, "limit", 100, 1, MAX_PAGE);
        Optional<Long> before =
                env.getArgument("before") == null ? Optional.empty() : Optional.of(Async.id(env, "before", "log"));
        return Async.of(executors.read(() -> {
            List<LogEntry> found = deps.logs().newest(source, levels, limit + 1, before);
            List<LogEntryNode> page = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, found.size()); i++) {
                page.add(LogEntryNode.of(found.get(i)));
            }
            String next = found.size() > limit ? page.get(page.size() - 1).id() : null;
            return new LogPageNode(page, next);
        }));
    }

    /** The levels as severe as {@code level} or more. */
    static Set<String> atOrAbove(String level) {
        int index = LEVELS.indexOf(level.toUpperCase(Locale.ROOT));
        return LEVELS.subList(0, index < 0 ? LEVELS.size() : index + 1).stream().collect(Collectors.toSet());
    }

    /** A stored level as a schema LogLevel (the runner's stdout and stderr lines have their own names). */
    static String level(String stored) {
        String upper = stored == null ? "" : stored.toUpperCase(Locale.ROOT);
        if (upper.equals("WARNING")) {
            return "WARN";
        }
        return LEVELS.contains(upper) ? upper : "INFO";
    }
}
