package io.wrenmq.server.rule;

import io.wrenmq.codec.MqttVersion;
import io.wrenmq.server.rule.action.BatchSettings;
import io.wrenmq.server.rule.action.HttpActionConfig;
import io.wrenmq.server.rule.action.InvalidActionConfig;
import io.wrenmq.server.rule.action.MessageAction;
import io.wrenmq.server.rule.action.TableOptions;
import java.time.Duration;

/** Where a rule's rows go: a database table, an HTTP endpoint, a republished message, a bridge's remote broker. */
public sealed interface ActionSpec {

    /** The action's kind as the REST API and the metrics name it: sqlite, postgresql, mysql, http, repub, bridge. */
    String kind();

    /**
     * A table of one of the configured databases.
     *
     * @param database the key of {@link RulesConfig#databases()}: "sqlite", "postgresql.&lt;name&gt;",
     *                 "timescaledb.&lt;name&gt;", "mysql.&lt;name&gt;"
     */
    record Table(String database, TableOptions table, BatchSettings batch) implements ActionSpec {
        @Override
        public String kind() {
            int dot = database.indexOf('.');
            return dot < 0 ? database : database.substring(0, dot);
        }
    }

    /** Rows sent to a URL ({@code rules.http.<name>}). */
    record Http(HttpActionConfig http, BatchSettings batch) implements ActionSpec {
        @Override
        public String kind() {
            return "http";
        }
    }

    /**
     * Each row published as a message ({@code rules.repub}): to this broker (server null, or NanoMQ's server naming
     * one of this broker's own listeners) or through an MQTT connection to another broker.
     *
     * @param topic   the topic; {@code ${field}} is replaced by the row's field
     * @param payload a template with {@code ${field}} placeholders; null: the row as a JSON object (NanoMQ's repub)
     */
    record Republish(String topic, int qos, boolean retain, String payload, RemoteServer server, BatchSettings batch)
            implements ActionSpec {
        /** @throws InvalidActionConfig for a template that can never give a message ("topic", "payload") */
        public Republish {
            MessageAction.checkTemplates(topic, payload);
        }

        @Override
        public String kind() {
            return "repub";
        }
    }

    /**
     * Each row published on the remote broker of a configured bridge, over the bridge's own connection.
     *
     * @param topic   the remote topic; {@code ${field}} is replaced by the row's field
     * @param payload a template; null: the row as a JSON object
     */
    record Bridge(String bridge, String topic, int qos, boolean retain, String payload, BatchSettings batch)
            implements ActionSpec {
        /** @throws InvalidActionConfig for a template that can never give a message ("topic", "payload") */
        public Bridge {
            MessageAction.checkTemplates(topic, payload);
        }

        @Override
        public String kind() {
            return "bridge";
        }
    }

    /**
     * NanoMQ's repub connection: {@code server, proto_ver, clientid, keepalive, clean_start, username, password}.
     * {@code quic}: an mqtt-quic:// server (then {@code tls} is true too: QUIC is TLS 1.3).
     */
    record RemoteServer(String host, int port, boolean tls, MqttVersion version, String clientId, Duration keepAlive,
            boolean cleanStart, String username, String password, boolean quic) {
        /** A server over TCP (plain or TLS). */
        public RemoteServer(String host, int port, boolean tls, MqttVersion version, String clientId, Duration keepAlive,
                boolean cleanStart, String username, String password) {
            this(host, port, tls, version, clientId, keepAlive, cleanStart, username, password, false);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return (quic ? "mqtt-quic://" : tls ? "tls+mqtt-tcp://" : "mqtt-tcp://") + host + ":" + port + " as " + clientId;
        }
    }
}
