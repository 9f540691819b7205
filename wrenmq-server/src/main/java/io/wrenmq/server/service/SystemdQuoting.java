package io.wrenmq.server.service;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes values into a systemd unit so systemd reads back exactly the string we meant (systemd.service(5) "Command
 * lines", systemd.unit(5) "Specifiers", systemd.exec(5) Environment=).
 *
 * <ul>
 *   <li>Every setting expands specifiers: a literal {@code %} is written {@code %%}.</li>
 *   <li>Command lines (ExecStart=) and lists (Environment=, ReadWritePaths=, StateDirectory=) are split into words at
 *       white space, with double quotes and C-style backslash escapes; so a word with a space, quote or backslash is
 *       written in double quotes with {@code \\} and {@code \"}.</li>
 *   <li>Command lines also substitute {@code $NAME} and {@code ${NAME}} in the arguments: a literal {@code $} is written
 *       {@code $$}. Not in the executable's path, which is taken literally but must not contain a quote or a
 *       backslash at all ("Executable name contains special characters": systemd's string_is_safe()).</li>
 *   <li>Single-path settings (WorkingDirectory=) are taken verbatim: no quotes, only {@code %%}.</li>
 * </ul>
 * Control characters (a newline would end the setting) cannot be written and are refused.
 */
public final class SystemdQuoting {
    private SystemdQuoting() {
    }

    /** One word of an ExecStart= command line. */
    public static String execWord(String word) {
        return quoteWord(word).replace("$", "$$");
    }

    /** The executable's absolute path, the first word of ExecStart=. */
    public static String executable(String path) {
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c == '"' || c == '\'' || c == '\\')) {
            throw new IllegalArgumentException("systemd runs only an absolute executable path without quotes or backslashes,"
                    + " not \"" + path + "\": move the installation to a directory such as /opt/wrenmq");
        }
        return quoteWord(path);
    }

    /** An ExecStart= command line: the executable's absolute path, then its arguments. */
    public static String commandLine(String executable, List<String> arguments) {
        return Stream.concat(Stream.of(executable(executable)), arguments.stream().map(SystemdQuoting::execWord))
                .collect(Collectors.joining(" "));
    }

    /** One item of a list setting (ReadWritePaths=, StateDirectory=); no {@code $} substitution there. */
    public static String listItem(String item) {
        return quoteWord(item);
    }

    /** {@code NAME=value} for Environment=, which takes the assignment as one (quoted) word. */
    public static String environment(String name, String value) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
        }
        return quoteWord(name + "=" + value);
    }

    /** An absolute path for a setting that takes one path verbatim (WorkingDirectory=). */
    public static String path(String path) {
        checkPrintable(path);
        if (!path.startsWith("/") || !path.equals(path.strip())) {
            // systemd strips the line's surrounding white space, and "-"/"~" prefixes change the meaning.
            throw new IllegalArgumentException("not an absolute path without leading or trailing spaces: \"" + path + "\"");
        }
        return path.replace("%", "%%");
    }

    /** The inverse of one quoted word as written here: quotes removed, {@code \\} and {@code \"} and {@code %%} unescaped. */
    public static String unquoteWord(String word) {
        String w = word;
        if (w.length() >= 2 && w.startsWith("\"") && w.endsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < w.length() - 1; i++) {
                char c = w.charAt(i);
                if (c == '\\' && i + 1 < w.length() - 1) {
                    c = w.charAt(++i);
                }
                sb.append(c);
            }
            w = sb.toString();
        }
        return w.replace("%%", "%");
    }

    private static String quoteWord(String word) {
        checkPrintable(word);
        String escaped = word.replace("%", "%%");
        if (!word.isEmpty() && word.chars().allMatch(SystemdQuoting::isPlain)) {
            return escaped;
        }
        return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Characters that never need quotes: no white space, quote, backslash or ';' (a lone ';' separated commands). */
    private static boolean isPlain(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/._-+:=,@%$".indexOf(c) >= 0;
    }

    private static void checkPrintable(String s) {
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a control character (e.g. a newline) cannot be written into a systemd unit: \""
                    + s.replace("\n", "\\n") + "\"");
        }
    }
}
