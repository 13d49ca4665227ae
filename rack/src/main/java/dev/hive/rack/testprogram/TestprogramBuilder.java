package dev.hive.rack.testprogram;

import dev.hive.protocol.rack.Architecture;
import dev.hive.rack.catalog.CatalogTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a testprogram for a set of targets with the GNU cross toolchains. Builds of distinct images run in
 * parallel. Each build gets a fresh {@code HIVE_UID}. Build folders live under a work root; the newest few of
 * each testprogram are kept so the compiler output stays readable.
 */
public final class TestprogramBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TestprogramBuilder.class);
    private static final String LINKER_TEMPLATE = "/dev/hive/rack/testprogram/link.ld.in";
    private static final Pattern ARM_CORE = Pattern.compile("cortex-m(0|0plus|1|3|4|7|23|33|35p|55|85)");
    private static final Pattern RISCV_CORE = Pattern.compile("rv32[a-z]+");
    private static final Pattern DEFINE_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern DEFINE_VALUE = Pattern.compile("[A-Za-z0-9_.+\\-x()\" ]*");
    private static final int KEEP_BUILDS = 3;
    private static final int MAX_OUTPUT = 256 * 1024;
    private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(2);

    private final Path workRoot;
    private final Toolchains toolchains;
    private final SecureRandom random = new SecureRandom();

    public TestprogramBuilder(Path workRoot, Toolchains toolchains) {
        this.workRoot = workRoot;
        this.toolchains = toolchains;
    }

    /** Builds {@code source} for every distinct image that {@code targets} need. */
    public TestprogramBuild build(TestprogramSource source, Collection<CatalogTarget> targets) {
        return build(source, targets, Map.of());
    }

    /**
     * Builds {@code source} for {@code targets}, adding {@code options} as defines to every image (for example
     * {@code HIVE_IDLE_BUSY=1}).
     */
    public TestprogramBuild build(
            TestprogramSource source, Collection<CatalogTarget> targets, Map<String, String> options) {
        long uid = random.nextLong();
        var common = new LinkedHashMap<String, String>();
        common.put("HIVE_UID", "0x%016xULL".formatted(uid));
        common.putAll(options);
        Path buildDir = workRoot.resolve(safeName(source.name())).resolve("%016x".formatted(uid));
        List<ImageKey> keys = targets.stream().map(ImageKey::of).distinct().toList();
        LOG.info(
                "building testprogram {} (HIVE_UID 0x{}) as {} image(s) in {}",
                source.name(),
                Long.toHexString(uid),
                keys.size(),
                buildDir);
        var images = new LinkedHashMap<ImageKey, TestprogramImage>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(keys.size(), 2)));
        try {
            var futures = new ArrayList<Future<TestprogramImage>>();
            Set<String> folders = new HashSet<>();
            for (ImageKey key : keys) {
                String slug = key.slug();
                // never two parallel builds in one folder, however unlikely two keys share a slug
                String folder = folders.add(slug) ? slug : slug + "-" + folders.size();
                folders.add(folder);
                futures.add(pool.submit(() -> buildImage(source, key, common, buildDir.resolve(folder))));
            }
            for (Future<TestprogramImage> future : futures) {
                TestprogramImage image = future.get();
                images.put(image.key(), image);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("testprogram build of " + source.name() + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "testprogram build of " + source.name() + " failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        prune(buildDir.getParent(), buildDir);
        return new TestprogramBuild(source.name(), uid, common, images);
    }

    private TestprogramImage buildImage(TestprogramSource source, ImageKey key, Map<String, String> common, Path dir) {
        long start = System.nanoTime();
        var compiler = toolchains.compiler(key.architecture());
        if (compiler.isEmpty()) {
            return failed(key, BuildStatus.TOOLCHAIN_MISSING, toolchains.missingMessage(key.architecture()), start);
        }
        try {
            Path src = dir.resolve("src");
            Path gen = dir.resolve("gen");
            writeSources(source, src);
            Files.createDirectories(gen);
            Files.writeString(gen.resolve("hive_defines.h"), definesHeader(source.name(), key, common));
            Files.writeString(gen.resolve("link.ld"), linkerScript(key));
            List<String> command = command(compiler.get(), key, src, gen, dir);
            if (command.stream().noneMatch(a -> a.endsWith(".c") || a.endsWith(".S"))) {
                return failed(
                        key,
                        BuildStatus.COMPILE_FAILURE,
                        "testprogram " + source.name() + " has no sources for " + key.architecture(),
                        start);
            }
            return compile(key, command, dir, start);
        } catch (IllegalArgumentException e) {
            return failed(key, BuildStatus.COMPILE_FAILURE, e.getMessage(), start);
        } catch (IOException e) {
            return failed(key, BuildStatus.COMPILE_FAILURE, "cannot prepare the build folder " + dir + ": " + e, start);
        }
    }

    private TestprogramImage compile(ImageKey key, List<String> command, Path dir, long start) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(readBounded(in), StandardCharsets.UTF_8);
        }
        int exit;
        try {
            if (!process.waitFor(COMPILE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return failed(
                        key,
                        BuildStatus.COMPILE_FAILURE,
                        output + "\ncompiler timed out after " + COMPILE_TIMEOUT,
                        start);
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return failed(key, BuildStatus.COMPILE_FAILURE, "build interrupted", start);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Path elf = dir.resolve("hive.elf");
        if (exit != 0 || !Files.isRegularFile(elf)) {
            LOG.warn("testprogram image {} failed to build (exit {}) in {} ms", key.slug(), exit, took.toMillis());
            return new TestprogramImage(
                    key,
                    BuildStatus.COMPILE_FAILURE,
                    null,
                    Map.of(),
                    command,
                    output + "\ncompiler exited with status " + exit,
                    took);
        }
        var symbols = ElfFile.read(elf).symbols();
        LOG.info("testprogram image {} built in {} ms ({} symbols)", key.slug(), took.toMillis(), symbols.size());
        return new TestprogramImage(key, BuildStatus.OK, elf, symbols, command, output, took);
    }

    private static List<String> command(Path compiler, ImageKey key, Path src, Path gen, Path out) throws IOException {
        var command = new ArrayList<String>();
        command.add(compiler.toString());
        if (key.architecture() == Architecture.ARM) {
            require(ARM_CORE.matcher(key.core()).matches(), "core '" + key.core() + "' is not a Cortex-M core");
            command.addAll(List.of("-mcpu=" + key.core(), "-mthumb", "-mfloat-abi=soft"));
        } else {
            require(RISCV_CORE.matcher(key.core()).matches(), "core '" + key.core() + "' is not an RV32 core");
            command.addAll(List.of("-march=" + key.core() + "_zicsr", "-mabi=ilp32", "-mcmodel=medany"));
        }
        command.addAll(List.of(
                "-Os",
                "-g3",
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-ffreestanding",
                "-nostdlib",
                "-nostartfiles",
                "-ffunction-sections",
                "-fdata-sections",
                "-I" + gen,
                "-I" + src,
                "-T",
                gen.resolve("link.ld").toString(),
                "-Wl,--gc-sections",
                "-Wl,-Map=" + out.resolve("hive.map"),
                "-o",
                out.resolve("hive.elf").toString()));
        command.addAll(sources(src, false));
        command.addAll(sources(src.resolve(key.architecture().folder()), true));
        return command;
    }

    private static List<String> sources(Path dir, boolean withAssembly) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".c") || (withAssembly && f.endsWith(".S")))
                    .sorted()
                    .toList();
        }
    }

    private static void writeSources(TestprogramSource source, Path src) throws IOException {
        for (var file : source.files().entrySet()) {
            Path target = src.resolve(file.getKey()).normalize();
            require(target.startsWith(src), "file path '" + file.getKey() + "' leaves the source folder");
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    static String definesHeader(String testprogram, ImageKey key, Map<String, String> common) {
        var defines = new LinkedHashMap<String, String>(common);
        defines.put(key.architecture() == Architecture.ARM ? "HIVE_ARCH_ARM" : "HIVE_ARCH_RISCV", "1");
        defines.put("HIVE_FLASH_ORIGIN", "0x%08xu".formatted(key.flash().origin()));
        defines.put("HIVE_FLASH_LENGTH", "0x%08xu".formatted(key.flash().length()));
        defines.put("HIVE_RAM_ORIGIN", "0x%08xu".formatted(key.ram().origin()));
        defines.put("HIVE_RAM_LENGTH", "0x%08xu".formatted(key.ram().length()));
        defines.putAll(key.defines());
        var text = new StringBuilder();
        text.append("/* Generated by Hive for testprogram ").append(testprogram).append(". Do not edit. */\n");
        text.append("#ifndef HIVE_DEFINES_H\n#define HIVE_DEFINES_H\n");
        for (var define : defines.entrySet()) {
            require(
                    DEFINE_NAME.matcher(define.getKey()).matches(),
                    "define name '" + define.getKey() + "' is not a C macro name");
            require(
                    DEFINE_VALUE.matcher(define.getValue()).matches(),
                    "define " + define.getKey() + " has a value that is not a simple C token: '" + define.getValue()
                            + "'");
            text.append("#define ")
                    .append(define.getKey())
                    .append(' ')
                    .append(define.getValue())
                    .append('\n');
        }
        return text.append("#endif\n").toString();
    }

    static String linkerScript(ImageKey key) {
        String template;
        try (InputStream in = TestprogramBuilder.class.getResourceAsStream(LINKER_TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("linker script template " + LINKER_TEMPLATE + " is missing");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.replace("@FLASH_ORIGIN@", "0x%08x".formatted(key.flash().origin()))
                .replace("@FLASH_LENGTH@", "0x%08x".formatted(key.flash().length()))
                .replace("@RAM_ORIGIN@", "0x%08x".formatted(key.ram().origin()))
                .replace("@RAM_LENGTH@", "0x%08x".formatted(key.ram().length()));
    }

    private static TestprogramImage failed(ImageKey key, BuildStatus status, String message, long start) {
        LOG.warn("testprogram image {}: {}", key.slug(), message);
        return new TestprogramImage(
                key, status, null, Map.of(), List.of(), message, Duration.ofNanos(System.nanoTime() - start));
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length <= MAX_OUTPUT) {
            return all;
        }
        byte[] tail = new byte[MAX_OUTPUT];
        System.arraycopy(all, all.length - MAX_OUTPUT, tail, 0, MAX_OUTPUT);
        return tail;
    }

    private static void prune(Path programDir, Path keep) {
        try (Stream<Path> builds = Files.list(programDir)) {
            List<Path> old = builds.filter(p -> !p.equals(keep))
                    .sorted(Comparator.comparing(TestprogramBuilder::modified).reversed())
                    .skip(KEEP_BUILDS - 1)
                    .toList();
            for (Path dir : old) {
                deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.warn("could not prune old testprogram builds in {}: {}", programDir, e.toString());
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
