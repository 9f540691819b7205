package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.routing.SubscriptionEntry;
import io.wrenmq.broker.session.ConnectionDetails;
import io.wrenmq.broker.session.Session;
import io.wrenmq.server.reload.BrokerRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** {@code /clients...}, {@code /subscriptions...} and {@code /topic-tree}: who is connected and to what. */
final class ClientEndpoints {
    static final int MAX_LIMIT = 10_000;

    private final BrokerRuntime runtime;

    ClientEndpoints(BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    void register(Router r) {
        r.get("/clients", "List clients (sessions), with filters and paging", this::list,
                "clientid", "username", "conn_state", "clean_start", "proto_name", "proto_ver", "_page", "_limit");
        r.get("/clients/{clientid}", "One client", this::one);
        r.delete("/clients/{clientid}", "Kick a client: its connection is closed (MQTT 5: DISCONNECT 0x98)", this::kick);
        r.get("/clients/username/{username}", "The clients with this username", this::byUsername);
        r.get("/subscriptions", "List subscriptions, with paging", this::subscriptions, "clientid", "topic", "_page", "_limit");
        r.get("/subscriptions/{clientid}", "The subscriptions of one client", this::subscriptionsOf);
        r.get("/topic-tree", "The subscribed topic filters as a tree of levels", this::topicTree);
    }

    private List<SessionSnapshots.Snapshot> snapshots() {
        List<SessionSnapshots.Snapshot> all = SessionSnapshots.all(runtime.broker().sessions().sessions());
        all.sort(Comparator.comparing(SessionSnapshots.Snapshot::clientId));
        return all;
    }

    private ApiResponse list(ApiRequest req) {
        Predicate<SessionSnapshots.Snapshot> filter = filter(req);
        List<SessionSnapshots.Snapshot> matching = snapshots().stream().filter(filter).toList();
        ArrayNode rows = Json.array();
        Paging paging = Paging.of(req, matching.size());
        paging.slice(matching).forEach(s -> rows.add(client(s)));
        return ApiResponse.json(paging.envelope(rows));
    }

    private static Predicate<SessionSnapshots.Snapshot> filter(ApiRequest req) {
        Predicate<SessionSnapshots.Snapshot> p = s -> true;
        String clientId = req.queryParam("clientid");
        if (clientId != null) {
            p = p.and(s -> s.clientId().equals(clientId));
        }
        String username = req.queryParam("username");
        if (username != null) {
            p = p.and(s -> username.equals(s.username()));
        }
        String state = req.queryParam("conn_state");
        if (state != null) {
            if (!state.equals("connected") && !state.equals("disconnected")) {
                throw ApiException.badRequest("conn_state must be connected or disconnected: " + state);
            }
            p = p.and(s -> s.connected() == state.equals("connected"));
        }
        String clean = req.queryParam("clean_start");
        if (clean != null) {
            if (!clean.equals("true") && !clean.equals("false")) {
                throw ApiException.badRequest("clean_start must be true or false: " + clean);
            }
            p = p.and(s -> s.connected() && s.connection().cleanStart() == Boolean.parseBoolean(clean));
        }
        String protoName = req.queryParam("proto_name");
        if (protoName != null) {
            p = p.and(s -> s.connected() && s.connection().protoName().equalsIgnoreCase(protoName));
        }
        String protoVer = req.queryParam("proto_ver");
        if (protoVer != null) {
            if (!protoVer.matches("[345]")) {
                throw ApiException.badRequest("proto_ver must be 3, 4 or 5: " + protoVer);
            }
            p = p.and(s -> s.connected() && s.connection().protoVer() == Integer.parseInt(protoVer));
        }
        return p;
    }

    private Session session(ApiRequest req) {
        String id = req.pathParam("clientid");
        Session s = runtime.broker().sessions().get(id);
        if (s == null) {
            throw ApiException.notFound("no client " + id);
        }
        return s;
    }

    private ApiResponse one(ApiRequest req) {
        SessionSnapshots.Snapshot s = SessionSnapshots.of(session(req));
        if (s == null) {
            throw ApiException.notFound("no client " + req.pathParam("clientid"));
        }
        ArrayNode a = Json.array().add(client(s));
        return ApiResponse.json(Json.ok(a));
    }

    private ApiResponse kick(ApiRequest req) {
        Session s = session(req);
        boolean wasConnected = SessionSnapshots.onLoop(s, s::closeConnectionByAdministrator);
        if (!wasConnected) {
            throw ApiException.notFound("client " + s.clientId() + " is not connected");
        }
        return ApiResponse.json(Json.object().put("code", 0));
    }

    private ApiResponse byUsername(ApiRequest req) {
        String username = req.pathParam("username");
        ArrayNode rows = Json.array();
        snapshots().stream().filter(s -> username.equals(s.username())).forEach(s -> rows.add(client(s)));
        return ApiResponse.json(Json.ok(rows));
    }

    private ApiResponse subscriptions(ApiRequest req) {
        String clientId = req.queryParam("clientid");
        String topic = req.queryParam("topic");
        List<ObjectNode> all = new ArrayList<>();
        for (SessionSnapshots.Snapshot s : snapshots()) {
            if (clientId != null && !clientId.equals(s.clientId())) {
                continue;
            }
            for (SubscriptionEntry<Session> e : sorted(s.subs())) {
                if (topic == null || topic.equals(e.options().topicFilter())) {
                    all.add(subscription(s.clientId(), e));
                }
            }
        }
        Paging paging = Paging.of(req, all.size());
        ArrayNode rows = Json.array();
        paging.slice(all).forEach(rows::add);
        return ApiResponse.json(paging.envelope(rows));
    }

    private ApiResponse subscriptionsOf(ApiRequest req) {
        SessionSnapshots.Snapshot s = SessionSnapshots.of(session(req));
        ArrayNode rows = Json.array();
        for (SubscriptionEntry<Session> e : sorted(s.subs())) {
            rows.add(subscription(s.clientId(), e));
        }
        return ApiResponse.json(Json.ok(rows));
    }

    private static List<SubscriptionEntry<Session>> sorted(List<SubscriptionEntry<Session>> subs) {
        List<SubscriptionEntry<Session>> l = new ArrayList<>(subs);
        l.sort(Comparator.comparing(e -> e.options().topicFilter()));
        return l;
    }

    /** NanoMQ's topic tree: each level with the clients subscribed exactly there and its children. */
    private ApiResponse topicTree(ApiRequest req) {
        Node root = new Node();
        for (SessionSnapshots.Snapshot s : snapshots()) {
            for (SubscriptionEntry<Session> e : s.subs()) {
                Node n = root;
                for (String level : e.options().topicFilter().split("/", -1)) {
                    n = n.children.computeIfAbsent(level, k -> new Node());
                }
                n.clientIds.add(s.clientId());
            }
        }
        return ApiResponse.json(Json.ok(root.render()));
    }

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        final List<String> clientIds = new ArrayList<>();

        ArrayNode render() {
            ArrayNode a = Json.array();
            children.forEach((level, child) -> {
                ObjectNode o = a.addObject().put("topic", level);
                ArrayNode ids = o.putArray("clientids");
                child.clientIds.stream().sorted().forEach(ids::add);
                o.set("children", child.render());
            });
            return a;
        }
    }

    static ObjectNode subscription(String clientId, SubscriptionEntry<Session> e) {
        return Json.object().put("clientid", clientId).put("topic", e.options().topicFilter())
                .put("qos", e.options().qos()).put("no_local", e.options().noLocal())
                .put("retain_as_published", e.options().retainAsPublished())
                .put("retain_handling", e.options().retainHandling());
    }

    static ObjectNode client(SessionSnapshots.Snapshot s) {
        ObjectNode o = Json.object().put("clientid", s.clientId());
        if (s.username() == null) {
            o.putNull("username");
        } else {
            o.put("username", s.username());
        }
        ConnectionDetails c = s.connection();
        o.put("connected", c != null).put("conn_state", c != null ? "connected" : "disconnected");
        if (c != null) {
            o.put("proto_name", c.protoName()).put("proto_ver", c.protoVer()).put("ip_address", c.ipAddress())
                    .put("port", c.port()).put("keepalive", c.keepAlive()).put("clean_start", c.cleanStart())
                    .put("connected_at", Instant.ofEpochMilli(c.connectedAtMillis()).toString())
                    .put("listener", c.listener());
        } else if (s.disconnectedAt() > 0) {
            o.put("disconnected_at", Instant.ofEpochMilli(s.disconnectedAt()).toString());
        }
        return o.put("expiry_interval", s.expiryInterval()).put("subscriptions_cnt", s.subscriptions())
                .put("mqueue_len", s.queued()).put("inflight_cnt", s.inflight());
    }
}
