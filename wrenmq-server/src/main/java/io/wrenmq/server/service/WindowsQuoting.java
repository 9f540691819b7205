package io.wrenmq.server.service;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a Windows command line that a C/C++ program (java.exe included) splits back into exactly the given
 * arguments: the parsing rules of the Microsoft C runtime and CommandLineToArgvW ("Parsing C++ command-line
 * arguments", learn.microsoft.com). White space separates arguments; a double quote starts or ends a quoted part;
 * backslashes are literal unless they precede a double quote, where 2n backslashes mean n and 2n+1 mean n and a
 * literal quote. So inside quotes, a quote is written {@code \"} and the backslashes before it, or before the
 * closing quote (C:\dir\ ), are doubled.
 */
public final class WindowsQuoting {
    private WindowsQuoting() {
    }

    /** The arguments as one command line. */
    public static String commandLine(List<String> arguments) {
        return arguments.stream().map(WindowsQuoting::quote).collect(Collectors.joining(" "));
    }

    /** One argument, quoted only when it must be. */
    public static String quote(String argument) {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '"')) {
            return argument;
        }
        StringBuilder sb = new StringBuilder(argument.length() + 2).append('"');
        int backslashes = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                sb.append("\\".repeat(2 * backslashes + 1));
            } else {
                sb.append("\\".repeat(backslashes));
            }
            backslashes = 0;
            sb.append(c);
        }
        return sb.append("\\".repeat(2 * backslashes)).append('"').toString();
    }
}
