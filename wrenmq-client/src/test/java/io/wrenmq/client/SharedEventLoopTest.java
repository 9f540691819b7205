package io.wrenmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.codec.MqttVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients on one caller-owned event loop group, as the benchmark runs them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedEventLoopTest {

    @Test
    void hundredClientsShareTwoThreads() throws Exception {
        EventLoopGroup group = ClientTransport.group(2, "bench-clients");
        List<MqttClient> clients = new ArrayList<>();
        AtomicInteger received = new AtomicInteger();
        try (WrenBroker broker = Brokers.start(Brokers.config())) {
            for (int i = 0; i < 100; i++) {
                MqttClient c = Brokers.client(broker.port(), i % 2 == 0 ? MqttVersion.V5 : MqttVersion.V3_1_1, "s" + i)
                        .eventLoopGroup(group).build();
                // Callbacks run on the client's loop: one of the group's threads.
                c.onMessage(m -> {
                    assertThat(c.eventLoop().inEventLoop()).isTrue();
                    received.incrementAndGet();
                });
                clients.add(c);
            }
            CompletableFuture.allOf(clients.stream().map(MqttClient::connect).toArray(CompletableFuture[]::new)).join();
            CompletableFuture.allOf(clients.stream().map(c -> c.subscribe("all/" + c.clientId(), 1))
                    .toArray(CompletableFuture[]::new)).join();
            List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
            for (MqttClient c : clients) {
                for (int k = 0; k < 10; k++) {
                    sent.add(c.publish("all/" + c.clientId(), "k" + k, 1, false));
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            org.awaitility.Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> received.get() == 1000);
            CompletableFuture.allOf(clients.stream().map(MqttClient::disconnect).toArray(CompletableFuture[]::new))
                    .join();
            clients.forEach(MqttClient::close); // does not shut the shared group down
            assertThat(group.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
