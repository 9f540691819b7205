package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md's "NanoMQ compatibility" table complete: every key path of our copies of NanoMQ's
 * shipped files is in it with a status, and what the table says WrenMQ ignores is what the schema ignores.
 */
class NanoMqDocsTest {
    private static final Pattern TOKEN = Pattern.compile("`([^`]+)`");
    private static final Set<String> STATUSES = Set.of("honoured", "other default", "clamped", "ignored", "refused until #13",
            "refused until #14");

    /** Key path -> status, from the rows "| `base`: `a`, `b.c` | status | notes |" (or "| `full.path` | ..."). */
    private static Map<String, String> table() throws Exception {
        String docs = Files.readString(ConfigFiles.repoRoot().resolve("docs/configuration.md"));
        String section = docs.substring(docs.indexOf("## NanoMQ compatibility"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split(" \\| ");
            String keys = cells[0].substring(2);
            String status = cells[1].trim();
            List<String> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(keys);
            while (m.find()) {
                tokens.add(m.group(1));
            }
            if (keys.startsWith("`" + tokens.get(0) + "`:")) {
                for (String rel : tokens.subList(1, tokens.size())) {
                    out.put(tokens.get(0) + "." + rel, status);
                }
            } else {
                tokens.forEach(t -> out.put(t, status));
            }
        }
        return out;
    }

    @Test
    void everyKeyOfNanoMqsShippedFilesIsInTheTableWithAStatus() throws Exception {
        Map<String, String> table = table();
        for (String file : NanoMqFiles.FILES) {
            for (String path : NanoMqFiles.keyPaths(file)) {
                assertThat(table).as("docs/configuration.md's NanoMQ table lists %s (from %s)", path, file).containsKey(path);
            }
        }
        table.forEach((path, status) -> assertThat(status.split(",| \\(")[0].trim()).as(path).isIn(STATUSES));
    }

    @Test
    void whatTheTableCallsIgnoredIsWhatTheSchemaIgnores() throws Exception {
        for (Map.Entry<String, String> row : table().entrySet()) {
            String path = row.getKey();
            // a key of a wholly ignored block (parquet.compress, bridges.mqtt.<name>.tcp.nodelay) is ignored with it
            boolean ignored = false;
            for (String p = path; !p.isEmpty() && !ignored; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
                ConfigKey<?> key = ConfigSchema.key(p);
                ignored = key != null && key.isIgnored();
            }
            if (row.getValue().startsWith("ignored")) {
                boolean subBlock = path.endsWith(".ssl") || path.startsWith("log.to");
                assertThat(ignored || subBlock).as("%s is ignored by the schema", path).isTrue();
            } else {
                assertThat(ignored).as("%s is not ignored by the schema", path).isFalse();
            }
        }
    }
}
