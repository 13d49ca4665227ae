package dev.hive.monitor.rack;

import static dev.hive.monitor.db.generated.Tables.TESTPROGRAMS;
import static dev.hive.monitor.db.generated.Tables.TESTPROGRAM_BUILDS;
import static dev.hive.monitor.db.generated.Tables.TESTPROGRAM_SOURCES;

import dev.hive.monitor.db.Database;
import dev.hive.monitor.db.generated.tables.records.TestprogramBuildsRecord;
import dev.hive.monitor.db.generated.tables.records.TestprogramsRecord;
import dev.hive.rack.testprogram.BuildStatus;
import dev.hive.rack.testprogram.TestprogramBuild;
import dev.hive.rack.testprogram.TestprogramSource;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Testprograms with their source files (UTF-8 text, by relative path) and their build history. The built-in
 * one, {@value BuiltinTestprograms#DEFAULT}, is seeded from the class path at every start and is active
 * whenever no other is. Only the newest {@value #KEPT_BUILDS} builds of each testprogram are kept. Plain
 * blocking calls; see {@link Database} for threading.
 */
public final class TestprogramRepository {
    /** Builds kept per testprogram; older ones are deleted when a new one is recorded. */
    public static final int KEPT_BUILDS = 20;

    private final Database db;
    private final Clock clock;

    public TestprogramRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Stores the built-in testprogram from {@link BuiltinTestprograms#defaultFiles()}, replacing its sources
     * with the ones this monitor ships, and makes it active when no testprogram is. Safe to call at every start.
     */
    public Testprogram seedBuiltin() {
        return seedBuiltin(BuiltinTestprograms.defaultFiles());
    }

    Testprogram seedBuiltin(Map<String, byte[]> files) {
        Map<String, String> text = text(BuiltinTestprograms.DEFAULT, files);
        return db.write(d -> {
            TestprogramsRecord r = d.selectFrom(TESTPROGRAMS)
                    .where(TESTPROGRAMS.NAME.eq(BuiltinTestprograms.DEFAULT))
                    .fetchOptional()
                    .orElseGet(() -> d.insertInto(TESTPROGRAMS)
                            .set(TESTPROGRAMS.NAME, BuiltinTestprograms.DEFAULT)
                            .set(TESTPROGRAMS.ACTIVE, false)
                            .returning()
                            .fetchOne());
            r.setBuiltIn(true);
            if (d.fetchCount(TESTPROGRAMS, TESTPROGRAMS.ACTIVE.isTrue()) == 0) {
                r.setActive(true);
            }
            r.store();
            d.deleteFrom(TESTPROGRAM_SOURCES)
                    .where(TESTPROGRAM_SOURCES.TESTPROGRAM_ID.eq(r.getId()))
                    .execute();
            insertSources(d, r.getId(), text);
            return toTestprogram(r);
        });
    }

    /** Stores a new, inactive testprogram; a taken name is refused with a clear message. */
    public Testprogram create(TestprogramSource source) {
        if (source.name().isBlank()) {
            throw new IllegalArgumentException("a testprogram name must not be empty");
        }
        Map<String, String> text = text(source.name(), source.files());
        try {
            return db.write(d -> {
                TestprogramsRecord r = d.insertInto(TESTPROGRAMS)
                        .set(TESTPROGRAMS.NAME, source.name())
                        .set(TESTPROGRAMS.BUILT_IN, false)
                        .set(TESTPROGRAMS.ACTIVE, false)
                        .returning()
                        .fetchOne();
                insertSources(d, r.getId(), text);
                return toTestprogram(r);
            });
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("a testprogram named '" + source.name() + "' already exists", e);
        }
    }

    /** Every testprogram, by name. */
    public List<Testprogram> list() {
        return db.read(
                d -> d.selectFrom(TESTPROGRAMS).orderBy(TESTPROGRAMS.NAME).fetch(TestprogramRepository::toTestprogram));
    }

    public Optional<Testprogram> findByName(String name) {
        return db.read(d -> d.selectFrom(TESTPROGRAMS)
                .where(TESTPROGRAMS.NAME.eq(name))
                .fetchOptional(TestprogramRepository::toTestprogram));
    }

    public Optional<Testprogram> findById(long id) {
        return db.read(d -> d.selectFrom(TESTPROGRAMS)
                .where(TESTPROGRAMS.ID.eq(id))
                .fetchOptional(TestprogramRepository::toTestprogram));
    }

    /** Replaces the sources of a testprogram that is not built in. */
    public void replaceSources(long id, Map<String, byte[]> files) {
        Testprogram t = editable(id, "edit");
        Map<String, String> text = text(t.name(), files);
        db.write(d -> {
            d.deleteFrom(TESTPROGRAM_SOURCES)
                    .where(TESTPROGRAM_SOURCES.TESTPROGRAM_ID.eq(id))
                    .execute();
            insertSources(d, id, text);
            return null;
        });
    }

    /**
     * Deletes a testprogram that is not built in, with its sources and builds; when it was active, the
     * built-in one becomes active. Answers whether the deleted one was active.
     */
    public boolean delete(long id) {
        Testprogram t = editable(id, "delete");
        db.write(d -> {
            d.deleteFrom(TESTPROGRAMS).where(TESTPROGRAMS.ID.eq(id)).execute();
            if (t.active()) {
                d.update(TESTPROGRAMS)
                        .set(TESTPROGRAMS.ACTIVE, true)
                        .where(TESTPROGRAMS.BUILT_IN.isTrue())
                        .execute();
            }
            return null;
        });
        return t.active();
    }

    private Testprogram editable(long id, String verb) {
        Testprogram t =
                findById(id).orElseThrow(() -> new IllegalArgumentException("there is no testprogram with id " + id));
        if (t.builtIn()) {
            throw new IllegalArgumentException("the built-in testprogram '" + t.name() + "' cannot be "
                    + (verb.equals("edit") ? "edited" : "deleted") + "; create a new testprogram instead");
        }
        return t;
    }

    /** The active testprogram; empty only before {@link #seedBuiltin()} ran. */
    public Optional<Testprogram> active() {
        return db.read(d -> d.selectFrom(TESTPROGRAMS)
                .where(TESTPROGRAMS.ACTIVE.isTrue())
                .fetchOptional(TestprogramRepository::toTestprogram));
    }

    /** Makes one testprogram the active one, and every other inactive. */
    public void activate(long id) {
        db.write(d -> {
            d.update(TESTPROGRAMS)
                    .set(TESTPROGRAMS.ACTIVE, false)
                    .where(TESTPROGRAMS.ID.ne(id))
                    .execute();
            if (d.update(TESTPROGRAMS)
                            .set(TESTPROGRAMS.ACTIVE, true)
                            .where(TESTPROGRAMS.ID.eq(id))
                            .execute()
                    == 0) {
                throw new IllegalArgumentException("there is no testprogram with id " + id);
            }
            return null;
        });
    }

    /** A testprogram's name and files, ready for the builder; empty when there is no such testprogram. */
    public Optional<TestprogramSource> sources(long id) {
        return db.read(d -> d.select(TESTPROGRAMS.NAME)
                .from(TESTPROGRAMS)
                .where(TESTPROGRAMS.ID.eq(id))
                .fetchOptional(TESTPROGRAMS.NAME)
                .map(name -> {
                    Map<String, byte[]> files = new LinkedHashMap<>();
                    d.selectFrom(TESTPROGRAM_SOURCES)
                            .where(TESTPROGRAM_SOURCES.TESTPROGRAM_ID.eq(id))
                            .orderBy(TESTPROGRAM_SOURCES.PATH)
                            .forEach(s -> files.put(s.getPath(), s.getContent().getBytes(StandardCharsets.UTF_8)));
                    return new TestprogramSource(name, files);
                }));
    }

    /** Records a build of a testprogram; returns its id. Older builds beyond {@link #KEPT_BUILDS} are deleted. */
    public long recordBuild(long testprogramId, long uid, BuildStatus status, String output) {
        long now = clock.millis();
        return db.write(d -> {
            long id = d.insertInto(TESTPROGRAM_BUILDS)
                    .set(TESTPROGRAM_BUILDS.TESTPROGRAM_ID, testprogramId)
                    .set(TESTPROGRAM_BUILDS.UID, "%016x".formatted(uid))
                    .set(TESTPROGRAM_BUILDS.STATUS, status.name())
                    .set(TESTPROGRAM_BUILDS.OUTPUT, output == null ? "" : output)
                    .set(TESTPROGRAM_BUILDS.CREATED_AT, now)
                    .returning(TESTPROGRAM_BUILDS.ID)
                    .fetchOne()
                    .getId();
            d.deleteFrom(TESTPROGRAM_BUILDS)
                    .where(TESTPROGRAM_BUILDS.TESTPROGRAM_ID.eq(testprogramId))
                    .and(TESTPROGRAM_BUILDS.ID.notIn(d.select(TESTPROGRAM_BUILDS.ID)
                            .from(TESTPROGRAM_BUILDS)
                            .where(TESTPROGRAM_BUILDS.TESTPROGRAM_ID.eq(testprogramId))
                            .orderBy(TESTPROGRAM_BUILDS.ID.desc())
                            .limit(KEPT_BUILDS)))
                    .execute();
            return id;
        });
    }

    /** Records what the builder produced for a testprogram; returns the build's id. */
    public long recordBuild(long testprogramId, TestprogramBuild build) {
        return recordBuild(testprogramId, build.uid(), build.status(), build.output());
    }

    /** The newest recorded build of a testprogram. */
    public Optional<RecordedBuild> latestBuild(long testprogramId) {
        return db.read(d -> d.selectFrom(TESTPROGRAM_BUILDS)
                .where(TESTPROGRAM_BUILDS.TESTPROGRAM_ID.eq(testprogramId))
                .orderBy(TESTPROGRAM_BUILDS.ID.desc())
                .limit(1)
                .fetchOptional(TestprogramRepository::toBuild));
    }

    private static void insertSources(DSLContext d, long id, Map<String, String> files) {
        files.forEach((path, content) -> d.insertInto(TESTPROGRAM_SOURCES)
                .set(TESTPROGRAM_SOURCES.TESTPROGRAM_ID, id)
                .set(TESTPROGRAM_SOURCES.PATH, path)
                .set(TESTPROGRAM_SOURCES.CONTENT, content)
                .execute());
    }

    /** The files as text; a file that is not UTF-8 is refused, since it is stored as text. */
    private static Map<String, String> text(String name, Map<String, byte[]> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            try {
                out.put(
                        path,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(bytes))
                                .toString());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(
                        "testprogram " + name + ": file '" + path + "' is not UTF-8 text; sources must be text", e);
            }
        });
        return out;
    }

    private static Testprogram toTestprogram(TestprogramsRecord r) {
        return new Testprogram(
                r.getId(), r.getName(), Boolean.TRUE.equals(r.getBuiltIn()), Boolean.TRUE.equals(r.getActive()));
    }

    private static RecordedBuild toBuild(TestprogramBuildsRecord r) {
        return new RecordedBuild(
                r.getId(),
                r.getTestprogramId(),
                Long.parseUnsignedLong(r.getUid(), 16),
                BuildStatus.valueOf(r.getStatus()),
                r.getOutput(),
                Instant.ofEpochMilli(r.getCreatedAt()));
    }
}
