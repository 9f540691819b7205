package io.wrenmq.server.cli;

import io.wrenmq.broker.auth.PasswordHash;
import io.wrenmq.broker.auth.ScramCredential;
import io.wrenmq.server.files.OwnerOnlyFiles;
import io.wrenmq.tools.ExitCodes;
import io.wrenmq.tools.WrenmqVersion;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `wrenmq passwd`: creates and edits the hashed password file (auth.password_file), like mosquitto_passwd. */
@Command(name = "passwd", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = WrenmqVersion.class,
        description = {"Adds, changes or deletes a user in a password file (auth.password_file).",
                "The password is asked twice on the terminal, or read as one line from standard input when that is",
                "not a terminal; -b takes it from the command line instead (it may then show in the shell history).",
                "Entries are PBKDF2-HMAC-SHA512 ($7$, readable by mosquitto too) or, with --scram, SCRAM-SHA-256",
                "credentials that also serve MQTT 5 enhanced authentication. The file is written owner-only."},
        footer = {"", "Examples:", "  wrenmq passwd -c etc/wrenmq.passwd alice", "  wrenmq passwd -b etc/wrenmq.passwd bob s3cret",
                "  wrenmq passwd -D etc/wrenmq.passwd bob", "", "Exit codes: 0 ok, 1 file or user problem, 2 usage error."})
final class PasswdCommand implements Callable<Integer> {
    static final int DEFAULT_ITERATIONS = 20_000;

    @Option(names = "-c", description = "Create the file (overwriting an existing one) with only this user.")
    private boolean create;

    @Option(names = "-b", description = "Batch mode: take the password from the command line.")
    private boolean batch;

    @Option(names = "-D", description = "Delete the user.")
    private boolean delete;

    @Option(names = "--scram", description = "Write SCRAM-SHA-256 credentials ($scram-sha-256$) instead of $7$.")
    private boolean scram;

    @Option(names = {"-I", "--iterations"}, paramLabel = "N",
            description = "Key-stretching iterations (default ${DEFAULT-VALUE}; --scram: at least 4096).",
            defaultValue = "" + DEFAULT_ITERATIONS)
    private int iterations;

    @Parameters(index = "0", paramLabel = "FILE", description = "The password file.")
    private Path file;

    @Parameters(index = "1", paramLabel = "USER", description = "The user name.")
    private String user;

    @Parameters(index = "2", arity = "0..1", paramLabel = "PASSWORD", description = "The password (with -b only).")
    private String password;

    @Spec
    private CommandSpec spec;

    private final CliEnvironment environment;

    PasswdCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String usage = usageProblem();
        if (usage != null) {
            err.println("error: " + usage + " (see wrenmq passwd --help)");
            return ExitCodes.USAGE;
        }
        Path target = environment.workDir().resolve(file);
        List<String> lines;
        if (create) {
            lines = List.of();
        } else {
            try {
                lines = Files.readAllLines(target, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                err.println("error: password file " + target + " does not exist (use -c to create it)");
                return ExitCodes.RUNTIME;
            }
        }
        PasswordLines edited = new PasswordLines(lines);
        if (delete) {
            if (!edited.remove(user)) {
                err.println("error: user " + user + " is not in " + target);
                return ExitCodes.RUNTIME;
            }
        } else {
            byte[] secret = batch ? password.getBytes(StandardCharsets.UTF_8) : readPassword(err);
            if (secret == null) {
                return ExitCodes.RUNTIME;
            }
            try {
                edited.put(user, scram ? ScramCredential.derive(secret, salt(), iterations).encode()
                        : PasswordHash.encodePbkdf2Sha512(secret, iterations));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        OwnerOnlyFiles.writeAtomically(target, edited.text());
        return ExitCodes.OK;
    }

    private String usageProblem() {
        if (delete && (create || batch)) {
            return "-D cannot be combined with -c or -b";
        }
        if (batch && password == null) {
            return "-b needs the password after the user name";
        }
        if (!batch && password != null) {
            return "a password on the command line needs -b";
        }
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isISOControl)) {
            return "the user name must not be empty or contain ':' or control characters";
        }
        if (batch && password.isEmpty()) {
            return "the password must not be empty";
        }
        if (iterations < 1 || (scram && iterations < ScramCredential.MIN_ITERATIONS)) {
            return "iterations must be at least " + (scram ? ScramCredential.MIN_ITERATIONS : 1);
        }
        return null;
    }

    /** Twice on a terminal; else one line of standard input. */
    private byte[] readPassword(PrintWriter err) throws IOException {
        Console console = System.console();
        if (console != null && environment.stdin() == System.in) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Reenter password: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    err.println("error: the passwords do not match");
                    return null;
                }
                if (first.length == 0) {
                    err.println("error: the password must not be empty");
                    return null;
                }
                return new String(first).getBytes(StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(first == null ? new char[0] : first, '\0');
                Arrays.fill(second == null ? new char[0] : second, '\0');
            }
        }
        String line = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            err.println("error: no password on standard input");
            return null;
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] salt() {
        byte[] s = new byte[16];
        new SecureRandom().nextBytes(s);
        return s;
    }
}
