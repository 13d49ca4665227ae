package dev.hive.monitor.web.graphql;

import dev.hive.monitor.rack.RecordedBuild;
import dev.hive.monitor.rack.Testprogram;
import dev.hive.monitor.web.Executors;
import dev.hive.rack.testprogram.BuildStatus;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.testprograms.BuiltinTestprograms;
import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Testprograms: listing, creating (from the built-in sources as a template), editing the sources (which
 * builds them for the rack's targets and records the build with the compiler's output), deleting and
 * activating. Activating builds first and refuses a testprogram that does not build; the new build becomes
 * the {@link dev.hive.monitor.rack.ActiveBuild} and the task runner flashes it before the next run.
 */
final class TestprogramFetchers {

    static final int MAX_FILES = 64;
    static final int MAX_FILE_BYTES = 256 * 1024;

    record TestprogramNode(String id, String name, boolean builtIn, boolean active) {
        static TestprogramNode of(Testprogram t) {
            return new TestprogramNode(Long.toString(t.id()), t.name(), t.builtIn(), t.active());
        }
    }

    record SourceFileNode(String path, String content) {}

    record BuildNode(String uid, BuildStatus status, String output, Instant createdAt) {
        static BuildNode of(RecordedBuild b) {
            return new BuildNode("%016x".formatted(b.uid()), b.status(), b.output(), b.createdAt());
        }
    }

    private final GraphQLDependencies deps;
    private final Executors executors;

    TestprogramFetchers(GraphQLDependencies deps, Executors executors) {
        this.deps = deps;
        this.executors = executors;
    }

    void register(Wiring w) {
        w.node("Testprogram", TestprogramNode.class)
                .node("SourceFile", SourceFileNode.class)
                .node("TestprogramBuild", BuildNode.class);
        w.query(
                "testprograms",
                Guard.USER,
                env -> read(() -> deps.testprograms().list().stream()
                        .map(TestprogramNode::of)
                        .toList()));
        w.query("testprogram", Guard.USER, env -> {
            long id = Async.id(env, "id", "testprogram");
            return read(() ->
                    deps.testprograms().findById(id).map(TestprogramNode::of).orElse(null));
        });
        w.query(
                "activeTestprogram",
                Guard.USER,
                env -> read(() ->
                        deps.testprograms().active().map(TestprogramNode::of).orElse(null)));
        w.field("Testprogram", "sources", Guard.USER, this::sources);
        w.field("Testprogram", "latestBuild", Guard.USER, env -> {
            long id = Long.parseLong(env.<TestprogramNode>getSource().id());
            return read(
                    () -> deps.testprograms().latestBuild(id).map(BuildNode::of).orElse(null));
        });
        w.mutation("createTestprogram", Guard.USER, this::create);
        w.mutation("updateTestprogramSources", Guard.USER, this::updateSources);
        w.mutation("deleteTestprogram", Guard.USER, this::delete);
        w.mutation("activateTestprogram", Guard.USER, this::activate);
    }

    private CompletableFuture<List<SourceFileNode>> sources(DataFetchingEnvironment env) {
        long id = Long.parseLong(env.<TestprogramNode>getSource().id());
        return read(() -> deps.testprograms()
                .sources(id)
                .map(s -> s.files().entrySet().stream()
                        .map(f -> new SourceFileNode(f.getKey(), new String(f.getValue(), StandardCharsets.UTF_8)))
                        .toList())
                .orElse(List.of()));
    }

    private CompletableFuture<TestprogramNode> create(DataFetchingEnvironment env) {
        String name = env.getArgument("name");
        if (name == null || name.isBlank() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw GraphQLRefusal.badInput("a testprogram name has 1 to 64 characters and no control characters");
        }
        return write(() -> TestprogramNode.of(
                deps.testprograms().create(new TestprogramSource(name.strip(), BuiltinTestprograms.defaultFiles()))));
    }

    private CompletableFuture<TestprogramNode> updateSources(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "testprogram");
        List<Map<String, Object>> input = env.getArgument("sources");
        Map<String, byte[]> files = files(input);
        return write(() -> {
                    deps.testprograms().replaceSources(id, files);
                    return id;
                })
                .thenCompose(ignored -> build(id, false))
                .thenApply(built -> TestprogramNode.of(built.testprogram()));
    }

    private CompletableFuture<Boolean> delete(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "testprogram");
        return write(() -> deps.testprograms().delete(id)).thenCompose(wasActive -> {
            if (!wasActive) {
                return CompletableFuture.completedFuture(true);
            }
            // the built-in one is active again: build it and flash it before the next run
            long builtin = deps.testprograms().active().orElseThrow().id();
            return build(builtin, false).thenApply(built -> {
                deps.events().rackChanged();
                return true;
            });
        });
    }

    private CompletableFuture<TestprogramNode> activate(DataFetchingEnvironment env) {
        long id = Async.id(env, "id", "testprogram");
        return build(id, true).thenApply(built -> {
            deps.events().rackChanged();
            return TestprogramNode.of(built.testprogram());
        });
    }

    private record Built(Testprogram testprogram, TestprogramBuild build) {}

    /**
     * Builds a testprogram for the rack's targets on a file worker and records the build. With {@code activate}
     * it then becomes the active one (refused when it did not build); when it is (now) the active one and built,
     * its build replaces the one to flash and the next run flashes it first. All of it while the rack's targets
     * cannot change ({@link dev.hive.monitor.rack.ActiveBuild#exclusively}, which a reinitialisation holds too).
     */
    private CompletableFuture<Built> build(long id, boolean activate) {
        return Async.of(executors.file(() -> deps.activeBuild().exclusively(() -> {
            Testprogram t = deps.testprograms()
                    .findById(id)
                    .orElseThrow(() -> GraphQLRefusal.notFound("there is no testprogram with id " + id));
            TestprogramSource source = deps.testprograms().sources(id).orElseThrow();
            TestprogramBuild build = deps.builder().build(source, deps.rack().knownTargets());
            deps.testprograms().recordBuild(id, build);
            if (activate) {
                if (!build.ok()) {
                    throw GraphQLRefusal.badInput("testprogram '" + t.name() + "' does not build (" + build.status()
                            + "); fix its sources first (the compiler output is in latestBuild)");
                }
                deps.testprograms().activate(id);
            }
            if ((activate || t.active()) && build.ok()) {
                deps.activeBuild().replace(build);
                deps.control().targetsChanged();
            }
            return new Built(deps.testprograms().findById(id).orElseThrow(), build);
        })));
    }

    private static Map<String, byte[]> files(List<Map<String, Object>> input) {
        if (input.size() > MAX_FILES) {
            throw GraphQLRefusal.badInput("a testprogram has at most " + MAX_FILES + " files, got " + input.size());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map<String, Object> file : input) {
            String path = String.valueOf(file.get("path")).strip();
            Path p = Path.of(path).normalize();
            if (path.isEmpty() || p.isAbsolute() || p.startsWith("..") || path.contains("\\")) {
                throw GraphQLRefusal.badInput(
                        "source path '" + path + "' must be relative and stay in the testprogram");
            }
            byte[] content = String.valueOf(file.get("content")).getBytes(StandardCharsets.UTF_8);
            if (content.length > MAX_FILE_BYTES) {
                throw GraphQLRefusal.badInput(
                        "source file '" + path + "' is larger than " + MAX_FILE_BYTES / 1024 + " KiB");
            }
            if (files.put(p.toString(), content) != null) {
                throw GraphQLRefusal.badInput("source file '" + path + "' is given twice");
            }
        }
        return files;
    }

    private <T> CompletableFuture<T> read(java.util.concurrent.Callable<T> work) {
        return Async.of(executors.read(work));
    }

    private <T> CompletableFuture<T> write(java.util.concurrent.Callable<T> work) {
        return Async.of(executors.write(work));
    }
}
