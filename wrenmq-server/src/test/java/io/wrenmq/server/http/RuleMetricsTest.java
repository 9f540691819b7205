package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules' Prometheus families ({@code wrenmq_rule_*{rule}}, {@code wrenmq_rule_action_*{rule,action}},
 * {@code wrenmq_rules_*}) and $SYS topics on a running WrenServer, after real MQTT traffic: present with the right
 * values while rules exist, absent without (issue #14).
 */
@Timeout(60)
class RuleMetricsTest {
    @TempDir
    Path dir;

    @Test
    void eachRuleAndActionHasItsCountersAndTheFamiliesGoWithTheRules() throws Exception {
        try (RulesServer s = new RulesServer(dir, "", Map.of())) {
            assertThat(s.prometheus()).as("no families without samples").doesNotContain("wrenmq_rule");

            s.ok("POST", "/rules", "{\"id\": \"hot\", \"rawsql\": \"SELECT payload.temp AS temp FROM \\\"sensors/+\\\""
                    + " WHERE temp > 20\", \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"alerts/hot\"}}]}");
            s.ok("POST", "/rules", "{\"id\": \"broken\", \"rawsql\": \"SELECT qos FROM \\\"sensors/+\\\" WHERE qos\"}");
            s.ok("POST", "/rules", "{\"id\": \"twice\", \"rawsql\": \"SELECT * FROM \\\"idle/#\\\"\", \"actions\": ["
                    + "{\"name\": \"repub\", \"params\": {\"topic\": \"copy\"}}, {\"name\": \"repub\", \"params\": {\"topic\":"
                    + " \"copy\"}}]}");
            Mqtt5BlockingClient sensor = s.client("sensor");
            RuleApiTest.publish(sensor, "sensors/a", "{\"temp\": 25}");
            RuleApiTest.publish(sensor, "sensors/a", "{\"temp\": 10}");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, String> m = samples(s.prometheus());
                assertThat(m).containsEntry("wrenmq_rule_matched_total{rule=\"hot\"}", "2")
                        .containsEntry("wrenmq_rule_passed_total{rule=\"hot\"}", "1")
                        .containsEntry("wrenmq_rule_no_result_total{rule=\"hot\"}", "1")
                        .containsEntry("wrenmq_rule_failed_total{rule=\"hot\"}", "0")
                        .containsEntry("wrenmq_rule_matched_total{rule=\"broken\"}", "2")
                        .containsEntry("wrenmq_rule_failed_total{rule=\"broken\"}", "2")
                        .containsEntry("wrenmq_rule_passed_total{rule=\"broken\"}", "0")
                        .containsEntry("wrenmq_rule_matched_total{rule=\"twice\"}", "0")
                        .containsEntry("wrenmq_rule_action_success_total{rule=\"hot\",action=\"repub:alerts/hot\"}", "1")
                        .containsEntry("wrenmq_rule_action_failure_total{rule=\"hot\",action=\"repub:alerts/hot\"}", "0")
                        .containsEntry("wrenmq_rule_action_dropped_total{rule=\"hot\",action=\"repub:alerts/hot\"}", "0")
                        .containsEntry("wrenmq_rule_action_retried_batches_total{rule=\"hot\",action=\"repub:alerts/hot\"}", "0")
                        .containsEntry("wrenmq_rule_action_queue_depth{rule=\"hot\",action=\"repub:alerts/hot\"}", "0")
                        .containsEntry("wrenmq_rule_action_success_total{rule=\"twice\",action=\"repub:copy\"}", "0")
                        .containsEntry("wrenmq_rule_action_success_total{rule=\"twice\",action=\"repub:copy#2\"}", "0")
                        .containsEntry("wrenmq_rules_messages_total", "2")
                        .containsEntry("wrenmq_rules_messages_dropped_total", "0")
                        .containsEntry("wrenmq_rules_queued_messages", "0");
            });
            String text = s.prometheus();
            for (String family : new String[] {"wrenmq_rule_matched_total", "wrenmq_rule_passed_total",
                    "wrenmq_rule_no_result_total", "wrenmq_rule_failed_total", "wrenmq_rule_action_success_total",
                    "wrenmq_rule_action_failure_total", "wrenmq_rule_action_dropped_total",
                    "wrenmq_rule_action_retried_batches_total", "wrenmq_rules_messages_total",
                    "wrenmq_rules_messages_dropped_total"}) {
                assertThat(text).as(family).containsOnlyOnce("# TYPE " + family + " counter\n")
                        .containsOnlyOnce("# HELP " + family + " ");
            }
            assertThat(text).containsOnlyOnce("# TYPE wrenmq_rule_action_queue_depth gauge\n")
                    .containsOnlyOnce("# TYPE wrenmq_rules_queued_messages gauge\n");

            for (String id : new String[] {"hot", "broken", "twice"}) {
                s.ok("DELETE", "/rules/" + id, null);
            }
            assertThat(s.prometheus()).as("gone with the rules").doesNotContain("wrenmq_rule");
        }
    }

    /**
     * Each rule's counters in $SYS ({@code $SYS/brokers/<node>/rules/<id>/...}, actions numbered from 1) and the
     * engine's ({@code rule_engine/...}), with every round of statistics.
     */
    @Test
    void sysTopicsCarryEachRulesAndActionsCounters() throws Exception {
        String sysRoot = "$SYS/brokers/" + RulesServer.NODE + "/";
        try (RulesServer s = new RulesServer(dir, "system.sys_interval = 1s\n", Map.of())) {
            s.ok("POST", "/rules", "{\"id\": \"rule:7\", \"rawsql\": \"SELECT payload.temp AS temp FROM \\\"sensors/+\\\""
                    + " WHERE temp > 20\", \"actions\": [{\"name\": \"repub\", \"params\": {\"topic\": \"alerts/hot\"}}]}");
            Mqtt5BlockingClient sensor = s.client("sensor");
            RuleApiTest.publish(sensor, "sensors/a", "{\"temp\": 25}");
            RuleApiTest.publish(sensor, "sensors/a", "{\"temp\": 10}");
            Mqtt5BlockingClient watcher = s.client("watcher");
            Map<String, String> sys = new ConcurrentHashMap<>();
            try (Mqtt5BlockingClient.Mqtt5Publishes got = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter(sysRoot + "#").send();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (Optional<Mqtt5Publish> p = got.receive(100, TimeUnit.MILLISECONDS); p.isPresent();
                            p = got.receive(10, TimeUnit.MILLISECONDS)) {
                        sys.put(p.get().getTopic().toString().substring(sysRoot.length()), RuleApiTest.text(p.get()));
                    }
                    assertThat(sys).containsEntry("rules/rule:7/enabled", "true")
                            .containsEntry("rules/rule:7/matched", "2").containsEntry("rules/rule:7/passed", "1")
                            .containsEntry("rules/rule:7/no_result", "1").containsEntry("rules/rule:7/failed", "0")
                            .containsEntry("rules/rule:7/actions/1/id", "repub:alerts/hot")
                            .containsEntry("rules/rule:7/actions/1/success", "1")
                            .containsEntry("rules/rule:7/actions/1/dropped", "0")
                            .containsEntry("rules/rule:7/actions/1/queue_depth", "0")
                            .containsEntry("rule_engine/messages", "2").containsEntry("rule_engine/dropped", "0");
                });
            }
        }
    }

    /** Each sample line as name{labels} -> value. */
    static Map<String, String> samples(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }
}
