package io.wrenmq.server.service;

/** Windows paths as strings: the configuration may be generated on another OS (--windows), where Path is POSIX. */
public final class WindowsPaths {
    private WindowsPaths() {
    }

    /** {@code base\a\b}, without doubling a separator {@code base} already ends with. */
    public static String join(String base, String... names) {
        StringBuilder sb = new StringBuilder(base);
        for (String name : names) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\\' && sb.charAt(sb.length() - 1) != '/') {
                sb.append('\\');
            }
            sb.append(name);
        }
        return sb.toString();
    }
}
