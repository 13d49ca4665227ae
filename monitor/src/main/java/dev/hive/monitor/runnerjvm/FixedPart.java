package dev.hive.monitor.runnerjvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's fixed part as the monitor holds it: the runner template's {@code fixed} JAR (its own classes, the
 * runner API, the protocol, JUnit and Jackson of this monitor's version; built into the monitor's classes), from
 * which a runner JVM is started before its run ({@link PreStartedRunners}). A candidate's runner JAR may be run in
 * such a JVM only when it holds the same bytes for every class the fixed part holds too, since the fixed part's
 * copy is the one that gets loaded ({@link #conflict}).
 */
public final class FixedPart {
    private static final Logger LOG = LoggerFactory.getLogger(FixedPart.class);

    /** The fixed JAR among the monitor's classes (copied there by the build). */
    static final String RESOURCE = "hive-runner-fixed.jar";

    private final Path jar;
    private final Map<String, Long> crcs;
    private final Map<Path, Optional<String>> verdicts = new ConcurrentHashMap<>();

    FixedPart(Path jar) throws IOException {
        this.jar = jar;
        this.crcs = comparedEntries(jar);
    }

    /**
     * Copies the fixed JAR out of the monitor's classes into {@code directory} (once; the same bytes give the same
     * file) and reads its entries; empty, with a log line, when the monitor was built without it.
     */
    public static Optional<FixedPart> install(Path directory) {
        try (InputStream in = FixedPart.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.info("no pre-started runners: the runner's fixed part is not among the monitor's classes");
                return Optional.empty();
            }
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, ".fixed-", ".jar");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Path jar = directory.resolve("hive-runner-fixed.jar");
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(new FixedPart(jar));
        } catch (IOException | RuntimeException e) {
            LOG.warn("no pre-started runners: the runner's fixed part cannot be installed: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The fixed JAR on disk (the pre-started JVM's class path). */
    public Path jar() {
        return jar;
    }

    /**
     * Why {@code candidate} must not run in a JVM started from this fixed part, or empty when it may: a class or
     * {@code META-INF/services} file of the fixed part that the candidate's JAR holds with another CRC32 (another
     * JUnit, Jackson or runner version in it) or not at all, or a JAR that cannot be read. Only the ZIP central directories are
     * read, nothing is decompressed. Judged once per JAR (stored JARs are named by their SHA-256); the first
     * verdict against a JAR is logged.
     */
    public Optional<String> conflict(Path candidate) {
        return verdicts.computeIfAbsent(candidate.toAbsolutePath(), this::judge);
    }

    private Optional<String> judge(Path candidate) {
        Optional<String> verdict;
        try {
            verdict = differences(crcs, comparedEntries(candidate));
        } catch (IOException | RuntimeException e) {
            verdict = Optional.of("its runner JAR cannot be read: " + e);
        }
        verdict.ifPresent(why ->
                LOG.info("runner JAR {} starts cold, not in a pre-started JVM: {}", candidate.getFileName(), why));
        return verdict;
    }

    /**
     * The fixed part's entries that {@code candidate} holds with another CRC or lacks (a cold start of it would
     * load another class, or none), described; empty when there is none.
     */
    static Optional<String> differences(Map<String, Long> fixed, Map<String, Long> candidate) {
        int differing = 0;
        String first = null;
        for (var entry : fixed.entrySet()) {
            Long theirs = candidate.get(entry.getKey());
            if (!entry.getValue().equals(theirs)) {
                differing++;
                if (first == null || entry.getKey().compareTo(first) < 0) {
                    first = entry.getKey();
                }
            }
        }
        if (differing == 0) {
            return Optional.empty();
        }
        return Optional.of(differing + " of the fixed part's entries differ or are missing (" + first
                + (differing > 1 ? " and others" : "") + "): another runner, JUnit or Jackson version");
    }

    /** The CRC32 of every class and {@code META-INF/services} entry of {@code jar}, from its central directory. */
    static Map<String, Long> comparedEntries(Path jar) throws IOException {
        Map<String, Long> crcs = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (!e.isDirectory() && (name.endsWith(".class") || name.startsWith("META-INF/services/"))) {
                    crcs.put(name, e.getCrc());
                }
            }
        }
        return crcs;
    }
}
