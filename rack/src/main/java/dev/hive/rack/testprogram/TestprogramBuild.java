package dev.hive.rack.testprogram;

import dev.hive.rack.catalog.CatalogTarget;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of building a testprogram for a set of targets.
 *
 * @param testprogram the testprogram's name
 * @param uid the {@code HIVE_UID} compiled into every image of this build
 * @param defines the generated defines common to all images (e.g. {@code HIVE_UID})
 * @param images the images, one per distinct {@link ImageKey}
 */
public record TestprogramBuild(
        String testprogram, long uid, Map<String, String> defines, Map<ImageKey, TestprogramImage> images) {

    public TestprogramBuild {
        defines = Map.copyOf(defines);
        images = Map.copyOf(images);
    }

    /** Whether every image built. */
    public boolean ok() {
        return images.values().stream().allMatch(TestprogramImage::ok);
    }

    /** The image for {@code target}, if the build included it. */
    public Optional<TestprogramImage> imageFor(CatalogTarget target) {
        return Optional.ofNullable(images.get(ImageKey.of(target)));
    }

    /** The worst status over all images. */
    public BuildStatus status() {
        return images.values().stream()
                .map(TestprogramImage::status)
                .max(Enum::compareTo)
                .orElse(BuildStatus.OK);
    }

    /** Every image's output, headed by its key, for people to read. */
    public String output() {
        return images.values().stream()
                .map(i -> "== " + i.key().slug() + ": " + i.status() + "\n" + i.output())
                .collect(Collectors.joining("\n"));
    }
}
