package io.wrenmq.broker.auth;

import static io.wrenmq.broker.auth.AclAction.PUBLISH;
import static io.wrenmq.broker.auth.AclAction.SUBSCRIBE;
import static io.wrenmq.broker.auth.AclDecision.ALLOW;
import static io.wrenmq.broker.auth.AclDecision.DENY;
import static io.wrenmq.broker.auth.AclDecision.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule matrix: conditions, actions, topics (wildcards, placeholders, eq), first match wins, no match. */
class AclRulesTest {

    static ClientIdentity who(String clientId, String username, String ip) throws Exception {
        return new ClientIdentity(clientId, username, ip == null ? null : InetAddress.getByName(ip), "tcp", null, null,
                false);
    }

    static AclRules rules(String text) {
        return AclFile.parse(text, "test.conf");
    }

    @Test
    void usernameClientIdAndAnyone() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = allow, username = "alice", topics = ["a/#"]}
                  {permit = allow, clientid = "c2", topics = ["c/#"]}
                  {permit = deny, username = "#", topics = ["a/#", "c/#"]}
                ]
                """);
        assertThat(r.decide(who("x", "alice", null), PUBLISH, "a/1")).isEqualTo(ALLOW);
        assertThat(r.decide(who("x", "bob", null), PUBLISH, "a/1")).isEqualTo(DENY);
        assertThat(r.decide(who("x", null, null), PUBLISH, "a/1")).as("# covers clients without username").isEqualTo(DENY);
        assertThat(r.decide(who("c2", "bob", null), SUBSCRIBE, "c/x")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c3", "bob", null), SUBSCRIBE, "c/x")).isEqualTo(DENY);
        assertThat(r.decide(who("c3", "bob", null), PUBLISH, "other")).isEqualTo(NO_MATCH);
    }

    @Test
    void firstMatchWins() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = deny, topics = ["t/secret"]}
                  {permit = allow, topics = ["t/#"]}
                ]
                """);
        assertThat(r.decide(who("c", "u", null), PUBLISH, "t/secret")).isEqualTo(DENY);
        assertThat(r.decide(who("c", "u", null), PUBLISH, "t/open")).isEqualTo(ALLOW);
        AclRules reversed = rules("rules = [{permit = allow, topics = [\"t/#\"]}, {permit = deny, topics = [\"t/secret\"]}]");
        assertThat(reversed.decide(who("c", "u", null), PUBLISH, "t/secret")).isEqualTo(ALLOW);
    }

    @Test
    void actionsPublishSubscribePubsub() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = allow, action = publish, topics = ["p"]}
                  {permit = allow, action = subscribe, topics = ["s"]}
                  {permit = allow, action = pubsub, topics = ["b"]}
                  {permit = allow, topics = ["n"]}
                ]
                """);
        ClientIdentity c = who("c", "u", null);
        assertThat(r.decide(c, PUBLISH, "p")).isEqualTo(ALLOW);
        assertThat(r.decide(c, SUBSCRIBE, "p")).isEqualTo(NO_MATCH);
        assertThat(r.decide(c, SUBSCRIBE, "s")).isEqualTo(ALLOW);
        assertThat(r.decide(c, PUBLISH, "s")).isEqualTo(NO_MATCH);
        assertThat(r.decide(c, PUBLISH, "b")).isEqualTo(ALLOW);
        assertThat(r.decide(c, SUBSCRIBE, "b")).isEqualTo(ALLOW);
        assertThat(r.decide(c, SUBSCRIBE, "n")).as("no action = pubsub").isEqualTo(ALLOW);
    }

    @Test
    void ruleWithoutConditionsOrTopicsMatchesEverything() throws Exception {
        AclRules r = rules("rules = [{\"permit\": \"deny\"}]");
        assertThat(r.decide(who("c", null, null), PUBLISH, "any/topic")).isEqualTo(DENY);
        assertThat(r.decide(who("c", "u", "127.0.0.1"), SUBSCRIBE, "#")).isEqualTo(DENY);
    }

    @Test
    void ipAddressesAndCidr() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = allow, ipaddr = "127.0.0.1", topics = ["one"]}
                  {permit = allow, ipaddr = "10.1.0.0/16", topics = ["net"]}
                  {permit = allow, ipaddrs = ["192.168.1.7", "fd00::/8"], topics = ["list"]}
                  {permit = deny}
                ]
                """);
        assertThat(r.decide(who("c", null, "127.0.0.1"), PUBLISH, "one")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", null, "127.0.0.2"), PUBLISH, "one")).isEqualTo(DENY);
        assertThat(r.decide(who("c", null, "10.1.200.3"), PUBLISH, "net")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", null, "10.2.0.1"), PUBLISH, "net")).isEqualTo(DENY);
        assertThat(r.decide(who("c", null, "::ffff:10.1.0.9"), PUBLISH, "net")).as("v4-mapped").isEqualTo(ALLOW);
        assertThat(r.decide(who("c", null, "fd12::1"), PUBLISH, "list")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", null, "192.168.1.7"), PUBLISH, "list")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", null, "fe80::1"), PUBLISH, "list")).isEqualTo(DENY);
        assertThat(r.decide(who("c", null, null), PUBLISH, "one")).as("unknown address never matches").isEqualTo(DENY);
    }

    @Test
    void andOrSubRules() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = allow, and = [{username = "sensor"}, {ipaddr = "127.0.0.0/8"}], topics = ["and"]}
                  {permit = allow, or = [{username = "a"}, {clientid = "b"}], topics = ["or"]}
                  {permit = allow, or = [{and = [{username = "x"}, {clientid = "y"}]}, {username = "z"}], topics = ["nest"]}
                  {permit = deny}
                ]
                """);
        assertThat(r.decide(who("c", "sensor", "127.0.0.5"), PUBLISH, "and")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", "sensor", "10.0.0.5"), PUBLISH, "and")).isEqualTo(DENY);
        assertThat(r.decide(who("c", "other", "127.0.0.5"), PUBLISH, "and")).isEqualTo(DENY);
        assertThat(r.decide(who("c", "a", null), PUBLISH, "or")).isEqualTo(ALLOW);
        assertThat(r.decide(who("b", null, null), PUBLISH, "or")).isEqualTo(ALLOW);
        assertThat(r.decide(who("c", "d", null), PUBLISH, "or")).isEqualTo(DENY);
        assertThat(r.decide(who("y", "x", null), PUBLISH, "nest")).isEqualTo(ALLOW);
        assertThat(r.decide(who("q", "x", null), PUBLISH, "nest")).isEqualTo(DENY);
        assertThat(r.decide(who("q", "z", null), PUBLISH, "nest")).isEqualTo(ALLOW);
    }

    @Test
    void placeholders() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = allow, topics = ["users/${username}/#", "devices/${clientid}", "mix/${username}-${clientid}"]}
                  {permit = deny}
                ]
                """);
        assertThat(r.decide(who("dev1", "alice", null), PUBLISH, "users/alice/x")).isEqualTo(ALLOW);
        assertThat(r.decide(who("dev1", "alice", null), PUBLISH, "users/bob/x")).isEqualTo(DENY);
        assertThat(r.decide(who("dev1", "alice", null), SUBSCRIBE, "devices/dev1")).isEqualTo(ALLOW);
        assertThat(r.decide(who("dev1", "alice", null), SUBSCRIBE, "devices/dev2")).isEqualTo(DENY);
        assertThat(r.decide(who("d", "u", null), PUBLISH, "mix/u-d")).isEqualTo(ALLOW);
        assertThat(r.decide(who("dev1", null, null), PUBLISH, "users//x")).as("absent username never matches").isEqualTo(DENY);
        assertThat(r.decide(who("dev1", "#", null), PUBLISH, "users/#/x")).as("a wildcard name never widens a rule").isEqualTo(DENY);
        assertThat(r.decide(who("dev1", "a/b", null), PUBLISH, "users/a/b/x")).as("a name with / never matches").isEqualTo(DENY);
        assertThat(r.decide(who("+", "u", null), SUBSCRIBE, "devices/+")).isEqualTo(DENY);
    }

    @Test
    void eqIsLiteral() throws Exception {
        AclRules r = rules("""
                rules = [
                  {permit = deny, action = subscribe, topics = [{eq = "#"}, {eq = "t/+"}]}
                  {permit = allow}
                ]
                """);
        ClientIdentity c = who("c", "u", null);
        assertThat(r.decide(c, SUBSCRIBE, "#")).isEqualTo(DENY);
        assertThat(r.decide(c, SUBSCRIBE, "t/+")).isEqualTo(DENY);
        assertThat(r.decide(c, SUBSCRIBE, "t/x")).as("eq t/+ is not a wildcard").isEqualTo(ALLOW);
        assertThat(r.decide(c, SUBSCRIBE, "a/#")).isEqualTo(ALLOW);
    }

    /** Rule topic (left) against a concrete topic or a subscription filter (right): does the rule cover it? */
    @ParameterizedTest(name = "rule {0} covers {1}: {2}")
    @CsvSource({
        "a/#, a/b, true", "a/#, a, true", "a/#, a/b/+, true", "a/#, a/#, true", "a/#, b, false", "a/#, #, false",
        "a/+, a/b, true", "a/+, a/+, true", "a/+, a/#, false", "a/+, a/b/c, false", "a/+, a, false",
        "+/b, x/b, true", "+/b, +/b, true", "+/b, #, false",
        "#, anything/at/all, true", "#, #, true", "#, +/x, true",
        "#, $SYS/x, false", "+/x, $SYS/x, false", "$SYS/#, $SYS/broker/uptime, true",
        "a/b, a/b, true", "a/b, a/+, false", "a/b, a/b/c, false", "a/b, a, false",
    })
    void ruleTopicCoversTopicOrFilter(String rule, String filter, boolean expected) throws Exception {
        assertThat(AclTopic.pattern(rule).matches(who("c", "u", null), filter)).isEqualTo(expected);
    }

    @Test
    void broadFilterFallsThroughANarrowerRule() throws Exception {
        // allow sensors/#, then no_match: subscribing # is not covered by the allow (it falls through), and a
        // deny of secret/# does not match # either; delivery then judges each concrete topic.
        AclRules r = rules("""
                rules = [
                  {permit = deny, topics = ["secret/#"]}
                  {permit = allow, action = subscribe, topics = ["sensors/#"]}
                ]
                """);
        ClientIdentity c = who("c", "u", null);
        assertThat(r.decide(c, SUBSCRIBE, "#")).isEqualTo(NO_MATCH);
        assertThat(r.decide(c, SUBSCRIBE, "sensors/+/temp")).isEqualTo(ALLOW);
        assertThat(r.decide(c, SUBSCRIBE, "secret/x")).isEqualTo(DENY);
    }
}
