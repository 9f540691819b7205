package io.wrenmq.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wrenmq.broker.auth.PasswordFile;
import io.wrenmq.broker.auth.PasswordHash;
import io.wrenmq.tools.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `wrenmq passwd`: flags, errors, exit codes, atomic owner-only writes; the broker's reader accepts the result. */
@Timeout(30)
class PasswdCommandTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private CliRun withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WrenmqCommand.execute(args, new PrintWriter(out), new PrintWriter(err),
                new CliEnvironment(Map.of(), dir, stop -> { }, new ByteArrayInputStream(b(stdin))));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void createAddChangeAndDeleteUsers() throws Exception {
        assertThat(CliRun.run(dir, "passwd", "-c", "-b", "-I", "1000", "etc/wrenmq.passwd", "alice", "a-pass").code()).isZero();
        Path f = dir.resolve("etc/wrenmq.passwd");
        assertThat(Files.readString(f)).startsWith("alice:$7$1000$");
        assertThat(CliRun.run(dir, "passwd", "-b", "-I", "1000", "etc/wrenmq.passwd", "bob", "b-pass").code()).isZero();
        Map<String, PasswordHash> users = PasswordFile.read(f);
        assertThat(users.keySet()).containsExactly("alice", "bob");
        assertThat(users.get("alice").verify(b("a-pass"))).isTrue();
        assertThat(users.get("bob").verify(b("b-pass"))).isTrue();
        assertThat(users.get("bob").verify(b("a-pass"))).isFalse();

        assertThat(CliRun.run(dir, "passwd", "-b", "-I", "1000", "etc/wrenmq.passwd", "alice", "new-pass").code()).isZero();
        users = PasswordFile.read(f);
        assertThat(users.keySet()).containsExactly("alice", "bob"); // changed in place, order kept
        assertThat(users.get("alice").verify(b("new-pass"))).isTrue();

        assertThat(CliRun.run(dir, "passwd", "-D", "etc/wrenmq.passwd", "bob").code()).isZero();
        assertThat(PasswordFile.read(f).keySet()).containsExactly("alice");
        // -c overwrites: only the new user remains
        assertThat(CliRun.run(dir, "passwd", "-c", "-b", "-I", "1000", "etc/wrenmq.passwd", "carol", "c").code()).isZero();
        assertThat(PasswordFile.read(f).keySet()).containsExactly("carol");
    }

    @Test
    void thePasswordIsReadFromStandardInputWhenItIsNotATerminal() throws Exception {
        CliRun r = withStdin("from-stdin\n", "passwd", "-c", "pw", "dave");
        assertThat(r.code()).as(r.err()).isZero();
        PasswordHash h = PasswordFile.read(dir.resolve("pw")).get("dave");
        assertThat(h.verify(b("from-stdin"))).isTrue();
        assertThat(Files.readString(dir.resolve("pw"))).contains("$7$" + PasswdCommand.DEFAULT_ITERATIONS + "$");
        CliRun empty = withStdin("", "passwd", "pw", "erin");
        assertThat(empty.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(empty.err()).contains("no password on standard input");
    }

    @Test
    void scramEntriesVerifyAndCarryScramCredentials() throws Exception {
        assertThat(CliRun.run(dir, "passwd", "-c", "-b", "--scram", "pw", "sam", "s-pass").code()).isZero();
        assertThat(Files.readString(dir.resolve("pw"))).startsWith("sam:$scram-sha-256$" + PasswdCommand.DEFAULT_ITERATIONS + "$");
        PasswordHash h = PasswordFile.read(dir.resolve("pw")).get("sam");
        assertThat(h.verify(b("s-pass"))).isTrue();
        assertThat(h.verify(b("S-pass"))).isFalse();
        assertThat(h.scram()).isNotNull();
        assertThat(CliRun.run(dir, "passwd", "-b", "--scram", "-I", "100", "pw", "sam", "x").err()).contains("at least 4096");
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        assertThat(CliRun.run(dir, "passwd", "-c", "-b", "-I", "10", "pw", "u", "p").code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pw")))).isEqualTo("rw-------");
        // an edit keeps it owner-only and leaves no temporary file behind
        Files.setPosixFilePermissions(dir.resolve("pw"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(CliRun.run(dir, "passwd", "-b", "-I", "10", "pw", "v", "q").code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pw")))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("pw");
        }
    }

    @Test
    void usageAndFileErrorsHaveClearMessagesAndExitCodes() throws Exception {
        CliRun r = CliRun.run(dir, "passwd", "-D", "-b", "pw", "u", "p");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("-D cannot be combined");
        r = CliRun.run(dir, "passwd", "-b", "pw", "u");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("-b needs the password");
        r = CliRun.run(dir, "passwd", "pw", "u", "p");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("needs -b");
        r = CliRun.run(dir, "passwd", "-c", "-b", "pw", "a:b", "p");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("':'");
        r = CliRun.run(dir, "passwd", "-b", "missing", "u", "p");
        assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(r.err()).contains("does not exist (use -c to create it)");
        assertThat(CliRun.run(dir, "passwd", "-c", "-b", "-I", "10", "pw", "u", "p").code()).isZero();
        r = CliRun.run(dir, "passwd", "-D", "pw", "nobody");
        assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
        assertThat(r.err()).contains("user nobody is not in");
        assertThat(CliRun.run(dir, "passwd").code()).isEqualTo(ExitCodes.USAGE);
    }
}
