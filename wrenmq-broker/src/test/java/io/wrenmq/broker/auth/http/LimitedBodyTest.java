package io.wrenmq.broker.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {
    @Test
    void keepsAtMostTheLimitAndCancelsTheRest() throws Exception {
        HttpResponse.BodySubscriber<String> body = LimitedBody.handler(10).apply(null);
        boolean[] cancelled = new boolean[1];
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled[0] = true;
            }
        });
        body.onNext(List.of(ByteBuffer.wrap("ignore".getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap("-and-much-more".getBytes(StandardCharsets.UTF_8))));
        assertThat(body.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("ignore-and");
        assertThat(cancelled[0]).isTrue();
    }

    @Test
    void aShortBodyIsReadWhole() throws Exception {
        HttpResponse.BodySubscriber<String> body = LimitedBody.handler(10).apply(null);
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                throw new AssertionError("not cancelled");
            }
        });
        body.onNext(List.of(ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8))));
        body.onComplete();
        assertThat(body.getBody().toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo("ok");
    }
}
