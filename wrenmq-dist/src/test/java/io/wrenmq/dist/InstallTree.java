package io.wrenmq.dist;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every path under an installation with its size and modification time, to prove the broker wrote nothing there
 * (WRENMQ_HOME is read-only: docs/install.md). Directories are listed too: a new empty "data" is a write.
 */
final class InstallTree {
    private InstallTree() { }

    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                entries.put(root.relativize(dir) + "/", "mtime " + attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                entries.put(root.relativize(file).toString(),
                        attrs.size() + " bytes, mtime " + attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    /** What differs between two snapshots, one line per path: "+ new", "- gone", "~ changed: before -> after". */
    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(before);
        all.putAll(after);
        for (String path : all.keySet()) {
            String was = before.get(path);
            String is = after.get(path);
            if (was == null) {
                changes.add("+ " + path + " (" + is + ")");
            } else if (is == null) {
                changes.add("- " + path);
            } else if (!was.equals(is)) {
                changes.add("~ " + path + ": " + was + " -> " + is);
            }
        }
        return changes;
    }
}
