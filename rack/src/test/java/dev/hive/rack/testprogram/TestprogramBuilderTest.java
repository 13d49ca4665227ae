package dev.hive.rack.testprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.Architecture;
import dev.hive.rack.catalog.CatalogTarget;
import dev.hive.rack.catalog.TargetCatalog;
import dev.hive.testprograms.BuiltinTestprograms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestprogramBuilderTest {

    private static final List<String> KNOWN_SYMBOLS = List.of(
            "hive_header", "hive_uid", "hive_pattern", "hive_data_word", "hive_counter", "hive_mailbox", "hive_tick");

    private final TargetCatalog catalog = TargetCatalog.builtin();
    private final TestprogramSource defaultProgram =
            new TestprogramSource(BuiltinTestprograms.DEFAULT, BuiltinTestprograms.defaultFiles());

    @TempDir
    Path work;

    @Test
    void distinctImageKeysOfTheCatalogHaveDistinctSlugs() {
        List<ImageKey> keys =
                catalog.all().stream().map(ImageKey::of).distinct().toList();
        assertThat(keys.stream().map(ImageKey::slug).distinct().count())
                .as("slugs of %s", keys)
                .isEqualTo(keys.size());
    }

    @Test
    void defaultBuildsForEveryCatalogTargetWithSymbolsInsideItsLayout() throws Exception {
        var build = new TestprogramBuilder(work, Toolchains.fromPath()).build(defaultProgram, catalog.all());

        assertThat(build.status()).as(build.output()).isEqualTo(BuildStatus.OK);
        for (CatalogTarget target : catalog.all()) {
            TestprogramImage image = build.imageFor(target).orElseThrow();
            assertThat(image.elf()).exists();
            var flash = target.info().flash();
            var ram = target.info().ram();
            for (String name : KNOWN_SYMBOLS) {
                ElfSymbol symbol = image.symbol(name)
                        .orElseThrow(() -> new AssertionError(name + " missing for " + target.name()));
                boolean inFlash = flash.contains(symbol.address(), symbol.size());
                boolean inRam = ram.contains(symbol.address(), symbol.size());
                assertThat(inFlash || inRam)
                        .as("%s of %s at 0x%x", name, target.name(), symbol.address())
                        .isTrue();
            }
            assertThat(image.symbol("hive_header").orElseThrow().address()).isEqualTo(flash.origin() + 0x200);
            assertThat(flash.contains(image.symbol("hive_uid").orElseThrow().address(), 8))
                    .isTrue();
            assertThat(ram.contains(image.symbol("hive_counter").orElseThrow().address(), 4))
                    .isTrue();
            int machine = ElfFile.read(image.elf()).machine();
            assertThat(machine)
                    .isEqualTo(
                            target.info().architecture() == Architecture.ARM
                                    ? ElfFile.MACHINE_ARM
                                    : ElfFile.MACHINE_RISCV);
        }
    }

    @Test
    void targetsWithTheSameLayoutShareOneImageAndEveryBuildHasANewUid() throws Exception {
        var builder = new TestprogramBuilder(work, Toolchains.fromPath());
        var targets = List.of(catalog.get("mps2-an385"), catalog.get("mps2-an385"), catalog.get("lm3s6965evb"));
        var first = builder.build(defaultProgram, targets);
        var second = builder.build(defaultProgram, targets);

        assertThat(first.images()).hasSize(2);
        assertThat(first.uid()).isNotEqualTo(second.uid());
        Path header = first.images().values().iterator().next().elf().resolveSibling("gen/hive_defines.h");
        assertThat(Files.readString(header)).contains("#define HIVE_UID 0x%016xULL".formatted(first.uid()));
    }

    @Test
    void aTestprogramThatDoesNotCompileGivesTheCompilersMessages() {
        var files = new HashMap<>(BuiltinTestprograms.defaultFiles());
        files.put("broken.c", "int broken(void) { return undefined_thing; }\n".getBytes(StandardCharsets.UTF_8));
        var build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(
                        new TestprogramSource("broken", files),
                        List.of(catalog.get("microbit"), catalog.get("sifive_e")));

        assertThat(build.status()).isEqualTo(BuildStatus.COMPILE_FAILURE);
        assertThat(build.images().values()).allSatisfy(image -> {
            assertThat(image.status()).isEqualTo(BuildStatus.COMPILE_FAILURE);
            assertThat(image.output())
                    .contains("broken.c")
                    .contains("undefined_thing")
                    .contains("error");
            assertThat(image.elf()).isNull();
        });
    }

    @Test
    void aMissingToolchainIsAStatusThatNamesThePackage() {
        var build = new TestprogramBuilder(work, Toolchains.in(List.of(work.resolve("empty-bin"))))
                .build(defaultProgram, List.of(catalog.get("stm32vldiscovery"), catalog.get("sifive_e")));

        assertThat(build.status()).isEqualTo(BuildStatus.TOOLCHAIN_MISSING);
        assertThat(build.output()).contains("arm-none-eabi-gcc").contains("gcc-arm-none-eabi");
        assertThat(build.output()).contains("riscv64-unknown-elf-gcc").contains("gcc-riscv64-unknown-elf");
    }

    @Test
    void badDefinesAreRefusedBeforeTheCompilerRuns() {
        var build = new TestprogramBuilder(work, Toolchains.fromPath())
                .build(defaultProgram, List.of(catalog.get("microbit")), Map.of("EVIL", "1\n#include </etc/passwd>"));

        assertThat(build.status()).isEqualTo(BuildStatus.COMPILE_FAILURE);
        assertThat(build.output()).contains("define EVIL has a value that is not a simple C token");
    }

    @Test
    void oldBuildsArePruned() {
        var builder = new TestprogramBuilder(work, Toolchains.fromPath());
        for (int i = 0; i < 5; i++) {
            builder.build(defaultProgram, List.of(catalog.get("microbit")));
        }
        assertThat(work.resolve("default").toFile().list()).hasSize(3);
    }
}
