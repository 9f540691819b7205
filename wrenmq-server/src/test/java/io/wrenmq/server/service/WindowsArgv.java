package io.wrenmq.server.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The test's independent reading of a Windows command line, as the Microsoft C runtime splits it for main()
 * (java.exe's launcher included): "Parsing C++ command-line arguments", learn.microsoft.com.
 */
final class WindowsArgv {
    private WindowsArgv() {
    }

    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            StringBuilder arg = new StringBuilder();
            boolean quoted = false;
            while (i < n && (quoted || line.charAt(i) != ' ' && line.charAt(i) != '\t')) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int k = 0;
                    while (i < n && line.charAt(i) == '\\') {
                        k++;
                        i++;
                    }
                    if (i < n && line.charAt(i) == '"') {
                        arg.append("\\".repeat(k / 2));
                        if (k % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(k));
                    }
                } else if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                    } else {
                        quoted = !quoted;
                        i++;
                    }
                } else {
                    arg.append(c);
                    i++;
                }
            }
            args.add(arg.toString());
        }
    }
}
