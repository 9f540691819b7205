package io.wrenmq.server.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.rule.sql.RuleMessage;
import io.wrenmq.server.rule.sql.RuleSql;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the plan matches filters and runs rules on the two sides (event loop, engine's thread). */
class RulePlanTest {

    @Test
    void rulesWithTheSameStatementAreEvaluatedOncePerMessageAndEachCountsForItself() throws Exception {
        // NanoMQ's files repeat one statement per kind of action (rules.sqlite, rules.repub, ...).
        Rule first = rule("first", "SELECT payload FROM \"s/#\" WHERE payload = 'go'");
        Rule second = rule("second", "  SELECT payload FROM \"s/#\" WHERE payload = 'go' ");
        Rule other = rule("other", "SELECT payload FROM \"s/#\" WHERE payload = 'stop'");
        RulePlan plan = new RulePlan(List.of(first, second, other));
        Rule.Worker[] workers = {first.newWorker(), second.newWorker(), other.newWorker()};
        for (String payload : List.of("go", "stop", "go")) {
            RuleMessage m = message("s/1", payload);
            plan.run(m, plan.match(m.topic()), true, workers);
        }
        assertThat(first.evaluations()).isEqualTo(3);
        assertThat(second.evaluations()).as("shared with first").isZero();
        assertThat(other.evaluations()).isEqualTo(3);
        for (Rule r : List.of(first, second)) {
            assertThat(r.view().counters().matched()).isEqualTo(3);
            assertThat(r.view().counters().passed()).isEqualTo(2);
            assertThat(r.view().counters().noResult()).isEqualTo(1);
        }
        assertThat(other.view().counters().passed()).isEqualTo(1);
    }

    @Test
    void aRegularExpressionPutsItsRuleAndItsFiltersOnTheEnginesThread() throws Exception {
        Rule plain = rule("plain", "SELECT * FROM \"a/#\"");
        Rule regex = rule("regex", "SELECT * FROM \"b/+\" WHERE regex_match(topic, 'b/[0-9]+')");
        RulePlan plan = new RulePlan(List.of(plain, regex));
        assertThat(plan.match("a/1") & plan.inlineFilters).isNotZero();
        assertThat(plan.match("a/1") & plan.queuedFilters).isZero();
        assertThat(plan.match("b/1") & plan.queuedFilters).isNotZero();
        assertThat(plan.match("b/1") & plan.inlineFilters).isZero();
        assertThat(plan.match("c")).isZero();
    }

    @Test
    void filtersBeyondTheSixtyFourthAreMatchedAgainByWhoeverRunsTheRules() throws Exception {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            rules.add(rule("r" + i, "SELECT * FROM \"t/" + i + "\""));
        }
        RulePlan plan = new RulePlan(rules);
        Rule.Worker[] workers = rules.stream().map(Rule::newWorker).toArray(Rule.Worker[]::new);
        for (int i : new int[] {3, 63, 64, 69}) {
            RuleMessage m = message("t/" + i, "x");
            plan.run(m, plan.match(m.topic()), true, workers);
        }
        for (int i = 0; i < 70; i++) {
            assertThat(rules.get(i).view().counters().matched()).as("rule " + i)
                    .isEqualTo(i == 3 || i == 63 || i == 64 || i == 69 ? 1 : 0);
        }
    }

    private static Rule rule(String id, String sql) throws Exception {
        return new Rule(new RuleSpec(id, sql, "", true, List.of()), RuleSql.parse(sql), List.of(), "file");
    }

    private static RuleMessage message(String topic, String payload) {
        return new RuleMessage("1", topic, payload.getBytes(StandardCharsets.UTF_8), 0, false, "c", null, null, 0,
                Map.of(), Map.of());
    }
}
