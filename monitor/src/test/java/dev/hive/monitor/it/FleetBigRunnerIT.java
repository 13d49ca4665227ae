package dev.hive.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.monitor.fleet.RunnerStore;
import dev.hive.monitor.task.RunnerLauncher;
import dev.hive.protocol.events.RunEnded;
import dev.hive.protocol.events.TestFinished;
import dev.hive.protocol.fleet.testing.NatsHub;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ObjectInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 50 MB runner JAR through the hub's object store: the example runner with a stored (uncompressed, random)
 * 50 MB entry added, run through a front on a one-board rack: the front puts it once under its SHA-256, the rack
 * gets it and keeps it only because its hash is the key, and the run finishes.
 */
class FleetBigRunnerIT {

    private static final int PADDING = 50 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aFiftyMegabyteRunnerGoesThroughTheObjectStoreOnceVerifiedAndTheRunFinishes() throws Exception {
        Path jar = padded(LiveMonitor.exampleRunner(), dir.resolve("big-runner.jar"));
        assertThat(Files.size(jar)).isGreaterThan(PADDING);
        String sha256 = sha256(jar);
        try (NatsHub hub = NatsHub.start(dir.resolve("hub"));
                LiveMonitor rack = LiveMonitor.start(
                        dir.resolve("rack"),
                        "name: rack\nbackend: virtual\nchannels: 1\nstacks:\n  - name: stack-a\n"
                                + "    targets: [lm3s6965evb]\n",
                        fleet(hub, "rack", "rack"),
                        RunnerLauncher.javaJar());
                LiveMonitor front = LiveMonitor.start(
                        dir.resolve("front"),
                        "name: front\nbackend: none\n",
                        fleet(hub, "front", "front") + "limits:\n  uploadBytes: 134217728\n",
                        RunnerLauncher.javaJar());
                Connection client = Nats.connect(hub.url())) {
            LiveMonitor.Submitted submitted = submitWhenAdmitted(front, jar);
            RunStream stream = front.stream(submitted.ticket());
            RunEnded ended = stream.awaitEnded(Duration.ofMinutes(3));
            assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo("finished");
            assertThat(stream.all(TestFinished.class)).isNotEmpty();
            assertThat(ended.summary().failed()).isZero();

            // once in the store, under its SHA-256, whole
            ObjectInfo info = client.objectStore(RunnerStore.BUCKET).getInfo(sha256);
            assertThat(info).isNotNull();
            assertThat(info.getSize()).isEqualTo(Files.size(jar));
            assertThat(client.objectStore(RunnerStore.BUCKET).getStatus().getSize())
                    .as("one copy in the store")
                    .isLessThan(2L * Files.size(jar));
            // on the rack, verified: the same bytes under the same key
            Path onRack = dir.resolve("rack/data/runners/" + sha256 + ".jar");
            assertThat(onRack).exists();
            assertThat(sha256(onRack)).isEqualTo(sha256);
        }
    }

    private static String fleet(NatsHub hub, String rackId, String role) {
        return "fleet:\n  enabled: true\n  servers: [" + hub.url() + "]\n  rackId: " + rackId + "\n  role: " + role
                + "\n  lab: lab-it\n  inventoryTtlSeconds: 6\n  claimSeconds: 20\n";
    }

    private static LiveMonitor.Submitted submitWhenAdmitted(LiveMonitor front, Path jar) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            LiveMonitor.Submitted s = front.submit(jar, null);
            if (s.status() == 201) {
                return s;
            }
            assertThat(s.status()).as("%s", s.body()).isEqualTo(422); // the rack is not live yet
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the front does not admit the run: " + s.body());
            }
            Thread.sleep(500);
        }
    }

    /** {@code source} with one more entry: {@value #PADDING} random bytes, stored (not compressed). */
    private static Path padded(Path source, Path target) throws Exception {
        try (var in = new ZipInputStream(Files.newInputStream(source));
                var out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            byte[] padding = new byte[PADDING];
            new Random(13).nextBytes(padding);
            var crc = new CRC32();
            crc.update(padding);
            var entry = new ZipEntry("padding/fifty-megabytes.bin");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(PADDING);
            entry.setCompressedSize(PADDING);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(padding);
            out.closeEntry();
        }
        return target;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
