package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md, "## Rule SQL", is true: every {@code sql} block parses (and evaluates on the sample message), every
 * table example gives the result shown, and every built-in function has its row.
 */
class RuleSqlDocsTest {
    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WHOLE_CODE = Pattern.compile("^`([^`]+)`$");
    private static final Pattern CALL = Pattern.compile("`([a-z_0-9]+)\\(");
    private static String section;

    @BeforeAll
    static void readDocs() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docs"))) {
            root = root.getParent();
        }
        String docs = Files.readString(root.resolve("docs/rules.md"));
        int start = docs.indexOf("## Rule SQL\n");
        assertThat(start).as("docs/rules.md has a section '## Rule SQL'").isGreaterThanOrEqualTo(0);
        int end = docs.indexOf("\n## ", start + 1);
        section = end < 0 ? docs.substring(start) : docs.substring(start, end);
    }

    @Test
    void theSampleMessageIsTheTestsOne() {
        RuleMessage m = Messages.sample();
        assertThat(section).contains("`" + m.topic() + "`")
                .contains("`" + new String(m.payload(), StandardCharsets.UTF_8) + "`")
                .contains("`" + m.timestampMillis() + "`");
    }

    @Test
    void everySqlBlockParsesAndEvaluates() throws Exception {
        Matcher m = SQL_BLOCK.matcher(section);
        int blocks = 0;
        while (m.find()) {
            String sql = m.group(1).strip();
            RuleSql rule = RuleSql.parse(sql);
            try {
                rule.evaluate(Messages.sample());
            } catch (RuleEvaluationException e) {
                throw new AssertionError(sql + " fails on the sample message: " + e.getMessage(), e);
            }
            blocks++;
        }
        assertThat(blocks).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theForeachExampleGivesTheRowShown() throws Exception {
        Matcher m = SQL_BLOCK.matcher(section);
        String foreach = null;
        while (m.find()) {
            if (m.group(1).contains("FOREACH payload.sensors")) {
                foreach = m.group(1);
            }
        }
        assertThat(foreach).isNotNull();
        RuleMessage batch = Messages.builder().topic("sites/7/batch")
                .payload("{\"sensors\": [{\"name\": \"a\", \"temp\": 25}, {\"name\": \"b\", \"temp\": 15}]}").build();
        assertThat(section).contains("`{\"name\": \"a\", \"temp\": 25, \"clientid\": \"c1\"}`");
        assertThat(RuleSql.parse(foreach).evaluate(batch))
                .containsExactly(Map.of("name", "a", "temp", 25L, "clientid", "c1"));
    }

    @Test
    void everyTableExampleGivesItsResult() {
        int checked = 0;
        for (String[] row : exampleRows()) {
            String expr = row[0];
            Object actual = Messages.value(expr);
            Matcher result = WHOLE_CODE.matcher(row[1]);
            if (!result.matches()) {
                continue; // the clock or the local offset: it evaluates, the value is only described
            }
            Object expected = JsonModel.parse(result.group(1), "docs result");
            if (expected instanceof Double d && actual instanceof Double a) {
                assertThat(a).as(expr).isCloseTo(d, within(1e-12));
            } else {
                assertThat(actual).as(expr).isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void everyFunctionHasItsRow() {
        String functions = section.substring(section.indexOf("### Functions"));
        Set<String> documented = new TreeSet<>();
        for (String line : functions.split("\n")) {
            String[] cells = cells(line);
            if (cells.length == 4) {
                Matcher m = CALL.matcher(cells[0]);
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> all = FunctionRegistry.all().stream().map(FunctionSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(all);
    }

    /** Rows of 4-column tables whose third cell is one code span: [example, result]. */
    private static List<String[]> exampleRows() {
        List<String[]> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            String[] cells = cells(line);
            if (cells.length != 4) {
                continue;
            }
            Matcher example = WHOLE_CODE.matcher(cells[2]);
            if (example.matches()) {
                rows.add(new String[] {example.group(1), cells[3]});
            }
        }
        return rows;
    }

    /** The cells of a Markdown table row ({@code \|} is a pipe inside a cell); none for other lines. */
    private static String[] cells(String line) {
        if (!line.startsWith("|")) {
            return new String[0];
        }
        String[] parts = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("(?<!\\\\)\\|");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip().replace("\\|", "|");
        }
        return parts;
    }
}
