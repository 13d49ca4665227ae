package dev.hive.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request as the launchers write it: NUL-ended fields, so arguments and values may hold any other character. */
class DaemonRequestTest {

    @TempDir
    Path dir;

    @Test
    void readsArgumentsEnvironmentDirectoryTerminalAndClient() throws IOException {
        write("args", "test\0--json\0a file\nwith a newline.json\0\0");
        write("env", "HIVE_URL=http://x\0EMPTY=\0MULTI=a=b\nc\0junk-without-equals\0");
        write("meta", "/home/u/my dir\0" + "1\0" + "4242\0");

        DaemonRequest request = DaemonRequest.read(dir);

        assertThat(request.args()).containsExactly("test", "--json", "a file\nwith a newline.json", "");
        assertThat(request.env())
                .containsEntry("HIVE_URL", "http://x")
                .containsEntry("EMPTY", "")
                .containsEntry("MULTI", "a=b\nc")
                .hasSize(3);
        assertThat(request.workingDir()).isEqualTo(Path.of("/home/u/my dir"));
        assertThat(request.terminal()).isTrue();
        assertThat(request.clientPid()).isEqualTo(4242);
        assertThat(request.dir()).isEqualTo(dir);
    }

    @Test
    void aRelativeDirectoryOrMissingFieldsAreRefused() throws IOException {
        write("args", "test\0");
        write("env", "");
        write("meta", "relative\0" + "0\0" + "1\0");
        assertThatThrownBy(() -> DaemonRequest.read(dir)).isInstanceOf(IOException.class);
        write("meta", "/abs\0" + "0\0");
        assertThatThrownBy(() -> DaemonRequest.read(dir)).isInstanceOf(IOException.class);
    }

    @Test
    void aFieldWithoutItsNulIsNotRead() throws IOException {
        write("x", "one\0two");
        assertThat(DaemonRequest.fields(dir.resolve("x"))).isEqualTo(List.of("one"));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
