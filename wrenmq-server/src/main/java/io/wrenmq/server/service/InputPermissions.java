package io.wrenmq.server.service;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the files under $WRENMQ_HOME/etc the service user could not read: `wrenmq passwd` writes password files
 * owner-only, and a TLS key usually is, so a file made by root would stop the broker at start. The fix is to give the
 * service's group read access, which is why the service has a fixed user and group (not DynamicUser=).
 */
final class InputPermissions {
    private InputPermissions() {
    }

    /** Prints one hint per file under {@code etc} that {@code user} (and its group of the same name) cannot read. */
    static void warnUnreadable(Path etc, String user, PrintWriter out) throws IOException {
        if (!Files.isDirectory(etc) || !Files.getFileStore(etc).supportsFileAttributeView("posix")) {
            return;
        }
        List<Path> unreadable;
        try (Stream<Path> files = Files.walk(etc, 4)) {
            unreadable = files.filter(Files::isRegularFile).filter(f -> !readableBy(f, user)).sorted().toList();
        }
        for (Path f : unreadable) {
            out.println("warning: " + f + " is not readable by the service user " + user + "; if the broker needs it:"
                    + " chgrp " + user + " '" + f + "' && chmod g+r '" + f + "'");
        }
    }

    private static boolean readableBy(Path file, String user) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class);
            return a.permissions().contains(PosixFilePermission.OTHERS_READ)
                    || a.owner().getName().equals(user) && a.permissions().contains(PosixFilePermission.OWNER_READ)
                    || a.group().getName().equals(user) && a.permissions().contains(PosixFilePermission.GROUP_READ);
        } catch (IOException e) {
            return false;
        }
    }
}
