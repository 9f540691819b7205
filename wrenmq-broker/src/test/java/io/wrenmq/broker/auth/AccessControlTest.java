package io.wrenmq.broker.auth;

import static io.wrenmq.broker.auth.AclAction.PUBLISH;
import static io.wrenmq.broker.auth.AclAction.SUBSCRIBE;
import static io.wrenmq.broker.auth.AclDecision.ALLOW;
import static io.wrenmq.broker.auth.AclDecision.DENY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The facade: superusers, no_match, the authorizer chain (sync and async), the bounded cache, reload. */
@Timeout(10)
class AccessControlTest {

    /** A session stand-in: an identity and a cache slot. */
    static final class Subject implements AclSubject {
        ClientIdentity identity;
        AclCache cache;

        Subject(ClientIdentity identity) {
            this.identity = identity;
        }

        @Override
        public ClientIdentity identity() {
            return identity;
        }

        @Override
        public AclCache aclCache() {
            return cache;
        }

        @Override
        public void aclCache(AclCache c) {
            cache = c;
        }
    }

    /** Counts how often it is asked; answers per topic prefix. */
    static final class Counting implements Authorizer {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public CompletableFuture<AclDecision> check(ClientIdentity who, AclAction action, String topic) {
            asked.incrementAndGet();
            return (topic.startsWith("ok") ? ALLOW : topic.startsWith("no") ? DENY : AclDecision.NO_MATCH).future();
        }
    }

    private static Subject user(String name) {
        return new Subject(new ClientIdentity("c-" + name, name, null, "tcp", null, null, false));
    }

    @Test
    void noAclMeansDisabled() {
        assertThat(new AccessControl(new AclConfig()).enabled()).isFalse();
    }

    @Test
    void superuserBypassesEveryRule() {
        AccessControl ac = new AccessControl(new AclConfig().rules(AclFile.parse("rules = [{permit = deny}]", "t")));
        Subject normal = user("u");
        Subject root = new Subject(normal.identity().withSuperuser(true));
        assertThat(ac.check(normal, PUBLISH, "a").join()).isEqualTo(DENY);
        assertThat(ac.check(root, PUBLISH, "a").join()).isEqualTo(ALLOW);
        assertThat(ac.allowDelivery(normal, "a")).isFalse();
        assertThat(ac.allowDelivery(root, "a")).isTrue();
    }

    @Test
    void noMatchDecidesWhenNothingElseDoes() {
        String text = "rules = [{permit = allow, topics = [\"open/#\"]}]";
        AccessControl allow = new AccessControl(new AclConfig().rules(AclFile.parse(text, "t")));
        AccessControl deny = new AccessControl(new AclConfig().rules(AclFile.parse(text, "t")).noMatch(AclConfig.NoMatch.DENY));
        assertThat(allow.check(user("u"), PUBLISH, "other").join()).isEqualTo(ALLOW);
        assertThat(deny.check(user("u"), PUBLISH, "other").join()).isEqualTo(DENY);
        assertThat(deny.check(user("u"), PUBLISH, "open/x").join()).isEqualTo(ALLOW);
        assertThat(deny.allowDelivery(user("u"), "other")).isFalse();
    }

    @Test
    void rulesFirstThenAuthorizersInOrder() {
        Counting second = new Counting();
        AccessControl ac = new AccessControl(new AclConfig()
                .rules(AclFile.parse("rules = [{permit = deny, topics = [\"ok/blocked\"]}]", "t"))
                .addAuthorizer(second).noMatch(AclConfig.NoMatch.DENY));
        Subject s = user("u");
        assertThat(ac.check(s, PUBLISH, "ok/blocked").join()).as("the file rule decides first").isEqualTo(DENY);
        assertThat(second.asked).hasValue(0);
        assertThat(ac.check(s, PUBLISH, "ok/x").join()).isEqualTo(ALLOW);
        assertThat(ac.check(s, PUBLISH, "no/x").join()).isEqualTo(DENY);
        assertThat(ac.check(s, PUBLISH, "neither").join()).isEqualTo(DENY);
    }

    @Test
    void asynchronousAuthorizerAnswersLaterAndFailureDenies() {
        CompletableFuture<AclDecision> pending = new CompletableFuture<>();
        CompletableFuture<AclDecision> failing = new CompletableFuture<>();
        Authorizer async = new Authorizer() {
            @Override
            public CompletableFuture<AclDecision> check(ClientIdentity who, AclAction action, String topic) {
                return topic.equals("fail") ? failing : pending;
            }

            @Override
            public boolean synchronous() {
                return false;
            }
        };
        AccessControl ac = new AccessControl(new AclConfig().addAuthorizer(async).noMatch(AclConfig.NoMatch.DENY));
        assertThat(ac.synchronous()).isFalse();
        Subject s = user("u");
        CompletableFuture<AclDecision> d = ac.check(s, PUBLISH, "t");
        assertThat(d).isNotDone();
        pending.complete(ALLOW);
        assertThat(d.join()).isEqualTo(ALLOW);
        CompletableFuture<AclDecision> f = ac.check(s, PUBLISH, "fail");
        failing.completeExceptionally(new RuntimeException("HTTP 500"));
        assertThat(f.join()).as("fail closed").isEqualTo(DENY);
        // At delivery only synchronous authorizers are asked: here none, so no_match.
        assertThat(ac.allowDelivery(s, "t")).isFalse();
    }

    @Test
    void cacheIsUsedBoundedAndExpires() throws Exception {
        Counting counting = new Counting();
        AccessControl ac = new AccessControl(new AclConfig().addAuthorizer(counting).cacheMaxSize(4)
                .cacheTtl(Duration.ofMillis(300)));
        Subject s = user("u");
        ac.check(s, PUBLISH, "ok/1").join();
        ac.check(s, PUBLISH, "ok/1").join();
        assertThat(counting.asked).as("second check from the cache").hasValue(1);
        for (int i = 0; i < 50; i++) {
            ac.check(s, PUBLISH, "ok/" + i).join();
            ac.allowDelivery(s, "ok/" + i);
        }
        assertThat(s.cache.size()).as("bounded per kind of check").isLessThanOrEqualTo(8);
        int before = counting.asked.get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            ac.check(s, PUBLISH, "ok/49").join();
            assertThat(counting.asked.get()).as("expired after the ttl").isGreaterThan(before);
        });
    }

    @Test
    void replaceRulesInvalidatesCachedDecisions() {
        AccessControl ac = new AccessControl(new AclConfig().rules(AclFile.parse("rules = [{permit = allow}]", "v1")));
        Subject s = user("u");
        assertThat(ac.allowDelivery(s, "t/1")).isTrue();
        assertThat(ac.check(s, SUBSCRIBE, "t/#").join()).isEqualTo(ALLOW);
        ac.replaceRules(AclFile.parse("rules = [{permit = deny, topics = [\"t/#\"]}]", "v2"));
        assertThat(ac.allowDelivery(s, "t/1")).isFalse();
        assertThat(ac.check(s, SUBSCRIBE, "t/#").join()).isEqualTo(DENY);
        assertThat(ac.rules().source()).isEqualTo("v2");
    }

    @Test
    void aNewIdentityGetsAFreshCache() {
        AccessControl ac = new AccessControl(new AclConfig().rules(AclFile.parse(
                "rules = [{permit = allow, username = \"alice\"}, {permit = deny}]", "t")));
        Subject s = user("alice");
        assertThat(ac.allowDelivery(s, "x")).isTrue();
        s.identity = s.identity().withUsername("mallory"); // the client reconnected as someone else
        assertThat(ac.allowDelivery(s, "x")).isFalse();
    }
}
