package io.wrenmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.auth.AclAction;
import io.wrenmq.broker.auth.AclDecision;
import io.wrenmq.broker.auth.ClientIdentity;
import io.wrenmq.broker.auth.http.HttpAclAuthorizer;
import io.wrenmq.broker.auth.http.HttpAuthConfig;
import io.wrenmq.broker.auth.http.HttpRequestSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** acl_req against a real HTTP server: %A/%t, 2xx/4xx/errors, cache_ttl, superusers, asynchronous. */
@Timeout(30)
class HttpAclAuthorizerTest {
    private final AuthHttpServer http;
    private final ClientIdentity alice;

    HttpAclAuthorizerTest() throws Exception {
        http = new AuthHttpServer().answer(r -> switch (r.params().get("topic")) {
            case "secret/x" -> 403;
            case "broken" -> 500;
            case "ignored" -> 200;
            default -> 200;
        });
        alice = new ClientIdentity("dev-1", "alice", InetAddress.getLoopbackAddress(), "default", null, null, false);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpAclAuthorizer authorizer(Duration ttl, HttpAuthConfig.ErrorAction onError) {
        return new HttpAclAuthorizer(new HttpAuthConfig().cacheTtl(ttl).errorAction(onError).aclReq(HttpRequestSpec.post(
                http.url("/acl"), Map.of("access", "%A", "topic", "%t", "username", "%u", "clientid", "%c", "ip", "%a"))));
    }

    private static AclDecision decide(HttpAclAuthorizer a, ClientIdentity who, AclAction action, String topic) throws Exception {
        return a.check(who, action, topic).get(5, TimeUnit.SECONDS);
    }

    @Test
    void allowsOn2xxDeniesOn4xxAndSendsAccessAndTopic() throws Exception {
        HttpAclAuthorizer a = authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.IGNORE);
        assertThat(a.synchronous()).isFalse();
        assertThat(decide(a, alice, AclAction.PUBLISH, "sensors/1")).isEqualTo(AclDecision.ALLOW);
        assertThat(http.requests.poll(5, TimeUnit.SECONDS).params()).containsEntry("access", "2")
                .containsEntry("topic", "sensors/1").containsEntry("username", "alice").containsEntry("clientid", "dev-1")
                .containsEntry("ip", InetAddress.getLoopbackAddress().getHostAddress());
        assertThat(decide(a, alice, AclAction.SUBSCRIBE, "secret/x")).isEqualTo(AclDecision.DENY);
        assertThat(http.requests.poll(5, TimeUnit.SECONDS).params()).containsEntry("access", "1");
    }

    @Test
    void errorsFollowErrorAction() throws Exception {
        assertThat(decide(authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.IGNORE), alice, AclAction.PUBLISH, "broken"))
                .isEqualTo(AclDecision.NO_MATCH);
        assertThat(decide(authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.DENY), alice, AclAction.PUBLISH, "broken"))
                .isEqualTo(AclDecision.DENY);
    }

    @Test
    void aHugeBodyStillGivesTheStatusDecision() throws Exception {
        http.body("x".repeat(1_000_000));
        assertThat(decide(authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.DENY), alice, AclAction.PUBLISH, "big"))
                .isEqualTo(AclDecision.ALLOW);
    }

    @Test
    void bodyIgnoreIsNoMatch() throws Exception {
        http.body("ignore");
        assertThat(decide(authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.DENY), alice, AclAction.PUBLISH, "ignored"))
                .isEqualTo(AclDecision.NO_MATCH);
    }

    @Test
    void answersAreCachedForCacheTtl() throws Exception {
        HttpAclAuthorizer cached = authorizer(Duration.ofMinutes(1), HttpAuthConfig.ErrorAction.IGNORE);
        assertThat(decide(cached, alice, AclAction.PUBLISH, "a/b")).isEqualTo(AclDecision.ALLOW);
        assertThat(decide(cached, alice, AclAction.PUBLISH, "a/b")).isEqualTo(AclDecision.ALLOW);
        assertThat(decide(cached, alice, AclAction.SUBSCRIBE, "a/b")).isEqualTo(AclDecision.ALLOW); // another action
        assertThat(http.requests).hasSize(2);
        HttpAclAuthorizer uncached = authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.IGNORE);
        http.requests.clear();
        decide(uncached, alice, AclAction.PUBLISH, "a/b");
        decide(uncached, alice, AclAction.PUBLISH, "a/b");
        assertThat(http.requests).hasSize(2);
    }

    /** pool_size bounds the requests in flight; the rest wait, and beyond max_queued fail at once (error_action). */
    @Test
    void poolSizeBoundsRequestsInFlight() throws Exception {
        http.answer(r -> AuthHttpServer.HOLD);
        HttpAclAuthorizer a = new HttpAclAuthorizer(new HttpAuthConfig().poolSize(1).maxQueued(1)
                .errorAction(HttpAuthConfig.ErrorAction.DENY).aclReq(HttpRequestSpec.post(http.url("/acl"), Map.of("t", "%t"))));
        var first = a.check(alice, AclAction.PUBLISH, "one");
        var second = a.check(alice, AclAction.PUBLISH, "two");
        var third = a.check(alice, AclAction.PUBLISH, "three");
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo(AclDecision.DENY); // queue full: failed at once
        assertThat(http.requests.poll(5, TimeUnit.SECONDS).params()).containsEntry("t", "one");
        assertThat(http.requests.poll(300, TimeUnit.MILLISECONDS)).as("the second waits for a free slot").isNull();
        assertThat(second).isNotDone();
        http.release();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(AclDecision.ALLOW);
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(AclDecision.ALLOW);
        assertThat(http.requests.poll(5, TimeUnit.SECONDS).params()).containsEntry("t", "two");
    }

    @Test
    void superusersAreAllowedWithoutARequest() throws Exception {
        assertThat(decide(authorizer(Duration.ZERO, HttpAuthConfig.ErrorAction.DENY), alice.withSuperuser(true),
                AclAction.PUBLISH, "secret/x")).isEqualTo(AclDecision.ALLOW);
        assertThat(http.requests).isEmpty();
    }
}
