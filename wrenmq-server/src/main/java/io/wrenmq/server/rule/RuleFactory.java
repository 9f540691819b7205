package io.wrenmq.server.rule;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import io.wrenmq.broker.WrenBroker;
import io.wrenmq.broker.api.Publication;
import io.wrenmq.client.ClientTlsFiles;
import io.wrenmq.client.MqttClient;
import io.wrenmq.client.MqttClientBuilder;
import io.wrenmq.client.PublishResult;
import io.wrenmq.client.QuicOptions;
import io.wrenmq.server.bridge.BridgeOperations;
import io.wrenmq.server.rule.action.DatabaseConfig;
import io.wrenmq.server.rule.action.HttpAction;
import io.wrenmq.server.rule.action.InvalidActionConfig;
import io.wrenmq.server.rule.action.JdbcDatabase;
import io.wrenmq.server.rule.action.MessageAction;
import io.wrenmq.server.rule.action.RuleAction;
import io.wrenmq.server.rule.sql.RuleSql;
import io.wrenmq.server.rule.sql.RuleSqlException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes running rules from their specs: compiles the SQL and creates each action, sharing one connection pool per
 * configured database among the rules that write to it. Owns the pools and the event loop of the repub actions'
 * own MQTT connections; the rules' actions are closed by whoever closes the rule.
 */
final class RuleFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleFactory.class);

    private final WrenBroker broker;
    private final BridgeOperations bridges;
    private final Map<String, DatabaseConfig> databases = new HashMap<>();
    private final Map<String, JdbcDatabase> pools = new HashMap<>();
    private EventLoopGroup clientLoop;

    RuleFactory(WrenBroker broker, BridgeOperations bridges, Map<String, DatabaseConfig> databases) {
        this.broker = broker;
        this.bridges = bridges;
        this.databases.putAll(databases);
    }

    /** The configured databases by key ("sqlite", "postgresql.main", ...). */
    synchronized Map<String, DatabaseConfig> databases() {
        return Map.copyOf(databases);
    }

    /**
     * Takes a reloaded file's databases; returns the keys whose settings changed or that are gone (their pools are
     * closed: the rules writing to them must be made again).
     */
    synchronized List<String> databases(Map<String, DatabaseConfig> next) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, DatabaseConfig> e : databases.entrySet()) {
            if (!e.getValue().equals(next.get(e.getKey()))) {
                changed.add(e.getKey());
                JdbcDatabase pool = pools.remove(e.getKey());
                if (pool != null) {
                    pool.close();
                }
            }
        }
        databases.clear();
        databases.putAll(next);
        return changed;
    }

    /** A rule ready to start: its SQL compiled and every action created (not started yet). */
    synchronized Rule build(RuleSpec spec, String origin) throws RuleRefusedException {
        RuleSql sql;
        try {
            sql = RuleSql.parse(spec.sql());
        } catch (RuleSqlException e) {
            throw new RuleRefusedException("rawsql: " + e.getMessage());
        }
        List<RuleAction> actions = new ArrayList<>();
        try {
            for (int i = 0; i < spec.actions().size(); i++) {
                actions.add(action(spec.id(), spec.actions().get(i), i));
            }
        } catch (RuleRefusedException | RuntimeException e) {
            actions.forEach(RuleAction::close);
            if (e instanceof InvalidActionConfig bad) {
                throw new RuleRefusedException("actions: " + bad.getMessage());
            }
            throw e;
        }
        return new Rule(spec, sql, actions, origin);
    }

    private RuleAction action(String ruleId, ActionSpec spec, int index) throws RuleRefusedException {
        if (spec instanceof ActionSpec.Table t) {
            DatabaseConfig db = databases.get(t.database());
            if (db == null) {
                throw new RuleRefusedException("actions[" + index + "]: no database " + t.database()
                        + " is configured (configured: " + (databases.isEmpty() ? "none" : String.join(", ",
                                databases.keySet().stream().sorted().toList())) + ")");
            }
            JdbcDatabase pool = pools.computeIfAbsent(t.database(), k -> new JdbcDatabase(db));
            return pool.tableAction(t.database() + ":" + t.table().table(), t.table(), t.batch());
        }
        if (spec instanceof ActionSpec.Http h) {
            return HttpAction.create(h.http(), h.batch());
        }
        if (spec instanceof ActionSpec.Republish r) {
            MessageAction.Target target = r.server() == null || isThisBroker(r.server()) ? this::publishHere
                    : remote(ruleId, r.server());
            return MessageAction.create("repub:" + r.topic(), r.topic(), r.payload(), r.qos(), r.retain(), target,
                    r.batch());
        }
        ActionSpec.Bridge b = (ActionSpec.Bridge) spec;
        if (bridges.get(b.bridge()) == null) {
            throw new RuleRefusedException("actions[" + index + "]: no bridge " + b.bridge() + " is configured");
        }
        return MessageAction.create("bridge." + b.bridge() + ":" + b.topic(), b.topic(), b.payload(), b.qos(),
                b.retain(), (topic, payload, qos, retain) -> remoteAnswer(
                        bridges.publishRemote(b.bridge(), topic, payload, qos, retain), "bridge " + b.bridge()),
                b.batch());
    }

    /** Republished here under the engine's name, so the rules do not see it again (see RuleEngine). */
    private CompletableFuture<Void> publishHere(String topic, byte[] payload, int qos, boolean retain) {
        return broker.publish(Publication.of(topic, payload).qos(qos).retain(retain)
                .publisher(RuleEngine.SESSION, null)).thenApply(n -> null);
    }

    /**
     * NanoMQ's repub names a server, usually this very broker ("mqtt-tcp://localhost:1883"): a loopback or local
     * address on the port of one of our plain TCP listeners is published here directly, without a connection.
     */
    private boolean isThisBroker(ActionSpec.RemoteServer s) {
        if (s.tls()) {
            return false;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(s.host());
        } catch (UnknownHostException e) {
            return false;
        }
        boolean local = address.isLoopbackAddress() || address.isAnyLocalAddress();
        for (InetSocketAddress bound : broker.boundAddresses()) {
            if (bound.getPort() == s.port() && (local || bound.getAddress().equals(address))) {
                return true;
            }
        }
        return false;
    }

    /** An MQTT connection of the action's own to another broker, reconnecting by itself. */
    private MessageAction.Target remote(String ruleId, ActionSpec.RemoteServer s) throws RuleRefusedException {
        if (clientLoop == null) {
            clientLoop = MqttClient.newEventLoopGroup(1, "wrenmq-rule-repub");
        }
        MqttClientBuilder b = MqttClient.builder().host(s.host()).port(s.port()).clientId(s.clientId())
                .version(s.version()).cleanStart(s.cleanStart())
                .keepAlive((int) Math.min(65535, s.keepAlive().toSeconds()))
                .autoReconnect(Duration.ofSeconds(1), Duration.ofSeconds(60)).eventLoopGroup(clientLoop);
        if (s.username() != null) {
            b.username(s.username());
        }
        if (s.password() != null) {
            b.password(s.password());
        }
        if (s.quic()) {
            b.quic(ClientTlsFiles.quicContext(new ClientTlsFiles.Files(null, null, null, null, null, null, null), true, true),
                    QuicOptions.DEFAULTS); // the JVM's trusted CAs, as for tls+mqtt-tcp://
        } else if (s.tls()) {
            try {
                b.tls(SslContextBuilder.forClient().build()); // the JVM's trusted CAs
            } catch (SSLException e) {
                throw new RuleRefusedException("server: TLS: " + e.getMessage());
            }
        }
        MqttClient client = b.build();
        client.connect().whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("Rule {}: repub to {} cannot connect yet ({}); it keeps trying, rows wait in the queue", ruleId,
                        s, e.getMessage());
            }
        });
        return new MessageAction.Target() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain)
                    throws MessageAction.Unreachable {
                if (!client.isConnected()) {
                    throw new MessageAction.Unreachable("not connected to " + s);
                }
                return remoteAnswer(client.publish(topic, payload, qos, retain), s.toString());
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** A remote answer as the action wants it: null = unreachable (retry), an error code = refused (the row fails). */
    private static CompletableFuture<Void> remoteAnswer(CompletableFuture<PublishResult> answer, String where) {
        return answer.thenCompose(r -> {
            if (r == null) {
                return CompletableFuture.failedFuture(new MessageAction.Unreachable("no connection to " + where));
            }
            if (!r.isSuccess()) {
                return CompletableFuture.failedFuture(new MessageAction.Refused(where + " answered " + r.reasonCode()));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public synchronized void close() {
        pools.values().forEach(JdbcDatabase::close);
        pools.clear();
        if (clientLoop != null) {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            clientLoop = null;
        }
    }
}
