package io.wrenmq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wrenmq.broker.limits.BanList;
import io.wrenmq.broker.limits.BanRule;
import io.wrenmq.server.config.ConfigError;
import io.wrenmq.server.config.ConfigKey;
import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.config.ConfigSchema;
import io.wrenmq.server.config.ConfigTarget;
import io.wrenmq.server.config.InvalidConfigException;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadReport;
import io.wrenmq.server.reload.ReloadService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /banned}, {@code /configuration}, {@code /reload} and {@code /ctrl/...}: changing the running broker. */
final class AdminEndpoints {
    private final BrokerRuntime runtime;
    private final ReloadService reload;

    AdminEndpoints(BrokerRuntime runtime, ReloadService reload) {
        this.runtime = runtime;
        this.reload = reload;
    }

    void register(Router r) {
        r.get("/banned", "List bans (config, flapping, API), with paging", this::bans, "_page", "_limit");
        r.post("/banned", "Ban a client id, username or IP address/CIDR: {as, who, until?, reason?}", this::ban);
        r.delete("/banned/{as}/{who}", "Lift a ban (as = clientid | username | ipaddr)", this::unban);
        r.get("/configuration", "The configuration (file over defaults), secrets masked", this::configuration);
        r.get("/configuration/{section}", "One section of the configuration", this::configuration);
        r.post("/configuration", "Change keys in the file (validated; nothing invalid is written): {section: {key: value}}", this::setConfiguration);
        r.post("/configuration/{section}", "Change keys of one section in the file: {key: value}", this::setConfiguration);
        r.get("/reload", "The keys a reload applies at run time, with their running values", this::reloadable);
        r.post("/reload", "Re-read the configuration file: apply the runtime keys, report the others", this::reload);
        r.post("/ctrl/stop", "Stop the broker (after this answer is sent)", this::stop);
        r.post("/ctrl/restart", "Restart the engine in this process with the file's configuration", this::restart);
    }

    // ---- bans ----

    private ApiResponse bans(ApiRequest req) {
        List<BanRule> all = runtime.broker().limits().banList().list();
        Paging paging = Paging.of(req, all.size());
        ArrayNode rows = Json.array();
        paging.slice(all).forEach(b -> rows.add(ban(b)));
        return ApiResponse.json(paging.envelope(rows));
    }

    private static ObjectNode ban(BanRule b) {
        ObjectNode o = Json.object().put("as", b.kind().key()).put("who", b.value()).put("reason", b.reason()).put("by", b.source());
        if (b.until() == null) {
            o.putNull("until");
        } else {
            o.put("until", b.until().toString());
        }
        return o;
    }

    private ApiResponse ban(ApiRequest req) {
        ObjectNode body = Json.parseObject(req.body());
        BanRule.Kind kind = kind(Json.text(body, "as"));
        String who = Json.text(body, "who");
        Instant until = null;
        JsonNode u = body.get("until");
        if (u != null && !u.isNull()) {
            if (u.isIntegralNumber()) {
                until = Instant.ofEpochSecond(u.asLong()); // EMQX: seconds since the epoch
            } else {
                try {
                    until = Instant.parse(u.asText());
                } catch (DateTimeParseException e) {
                    throw ApiException.badRequest("until must be epoch seconds or an ISO-8601 instant: " + u.asText());
                }
            }
        }
        BanRule rule;
        try {
            rule = new BanRule(kind, who, until, body.path("reason").asText(""), "api");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        runtime.broker().limits().banList().add(rule);
        return ApiResponse.json(Json.ok(ban(rule)));
    }

    private ApiResponse unban(ApiRequest req) {
        BanRule.Kind kind = kind(req.pathParam("as"));
        BanList bans = runtime.broker().limits().banList();
        boolean removed;
        try {
            removed = bans.remove(kind, req.pathParam("who"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!removed) {
            throw ApiException.notFound("no ban of " + kind.key() + " " + req.pathParam("who"));
        }
        return ApiResponse.json(Json.object().put("code", 0));
    }

    private static BanRule.Kind kind(String as) {
        for (BanRule.Kind k : BanRule.Kind.values()) {
            if (k.key().equals(as)) {
                return k;
            }
        }
        throw ApiException.badRequest("as must be clientid, username or ipaddr: " + as);
    }

    // ---- configuration ----

    private ApiResponse configuration(ApiRequest req) throws IOException {
        ObjectNode all = ConfigDocument.render(runtime.configFile());
        String section = req.pathParam("section");
        if (section == null) {
            return ApiResponse.json(Json.ok(all));
        }
        JsonNode part = all.get(section);
        if (part == null) {
            throw ApiException.notFound("no configuration section " + section + "; sections: " + String.join(", ", iterable(all)));
        }
        return ApiResponse.json(Json.ok(part));
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Appends the given keys to the file (in HOCON a later value wins, so the operator's comments stay), but only
     * after the loader has accepted the whole result; says which keys a reload applies and which need a restart.
     */
    private ApiResponse setConfiguration(ApiRequest req) throws IOException {
        Path file = runtime.configFile();
        if (file == null) {
            throw ApiException.badRequest("the broker was started without a configuration file (--conf); there is nothing to change");
        }
        ObjectNode body = Json.parseObject(req.body());
        String section = req.pathParam("section");
        ObjectNode change = section == null ? body : Json.object().set(section, body);
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        flatten("", change, keys);
        if (keys.isEmpty()) {
            throw ApiException.badRequest("no keys to change");
        }
        StringBuilder assignments = new StringBuilder();
        for (Map.Entry<String, JsonNode> k : keys.entrySet()) {
            // Each segment quoted, the value as JSON (which is HOCON): no key or value can break out of its line.
            for (String segment : k.getKey().split("\\.")) {
                assignments.append(assignments.length() == 0 || assignments.charAt(assignments.length() - 1) == '\n' ? "" : ".")
                        .append(Json.MAPPER.writeValueAsString(segment));
            }
            assignments.append(" = ").append(Json.MAPPER.writeValueAsString(k.getValue())).append('\n');
        }
        String current = Files.readString(file, StandardCharsets.UTF_8);
        String next = current + (current.endsWith("\n") ? "" : "\n") + "# changed through POST /api/v4/configuration at "
                + Instant.now() + "\n" + assignments;
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".wrenmq-conf", ".tmp");
        try {
            Files.writeString(tmp, next, StandardCharsets.UTF_8);
            try {
                ConfigLoader.load(tmp, System.getenv());
            } catch (InvalidConfigException e) {
                ArrayNode errors = Json.array();
                e.errors().forEach(err -> errors.add(err.format().replace(tmp.toString(), file + " (as changed)")));
                ObjectNode o = Json.error(ApiException.PARAMS_HOCON_FORMAT_ILLEGAL, "the change is not valid; nothing was written");
                o.set("errors", errors);
                // The same errors by key, so that a form (the dashboard's) shows each next to its field.
                ObjectNode fields = o.putObject("fields");
                e.errors().stream().filter(err -> err.key() != null && !err.key().isEmpty() && !fields.has(err.key()))
                        .forEach(err -> fields.put(err.key(), err.message()
                                + (err.hint() == null || err.hint().isEmpty() ? "" : " (" + err.hint() + ")")));
                return ApiResponse.json(400, o);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        ObjectNode data = Json.object().put("file", file.toString());
        ArrayNode reloadable = data.putArray("applied_by_reload");
        ArrayNode restart = data.putArray("needs_restart");
        for (String k : keys.keySet()) {
            (ReloadService.isRuntimeKey(k) ? reloadable : restart).add(k);
        }
        return ApiResponse.json(Json.ok(data));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject() && ConfigSchema.key(path) == null) {
                flatten(path, e.getValue(), out);
            } else {
                out.put(path, e.getValue());
            }
        }
    }

    // ---- reload and control ----

    private ApiResponse reloadable(ApiRequest req) {
        ObjectNode data = Json.object();
        ConfigTarget running = runtime.config().target();
        for (String k : ReloadService.runtimeKeys()) {
            ConfigKey<?> key = ConfigSchema.key(k);
            if (key.getter() != null) {
                Object v = key.getter().apply(running);
                data.set(k, Json.MAPPER.valueToTree(v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
            }
        }
        return ApiResponse.json(Json.ok(data));
    }

    private ApiResponse reload(ApiRequest req) {
        ReloadReport report = reload.reload();
        if (report.isRejected()) {
            ObjectNode o = Json.error(ApiException.PARAMS_HOCON_FORMAT_ILLEGAL,
                    "the configuration file is invalid; nothing was changed");
            ArrayNode errors = o.putArray("errors");
            report.errors().forEach(errors::add);
            return ApiResponse.json(400, o);
        }
        return ApiResponse.json(Json.ok(toJson(report)));
    }

    static ObjectNode toJson(ReloadReport report) {
        ObjectNode data = Json.object();
        ArrayNode applied = data.putArray("applied");
        report.applied().forEach(applied::add);
        ArrayNode restart = data.putArray("needs_restart");
        report.needsRestart().forEach(restart::add);
        ArrayNode notes = data.putArray("notes");
        report.notes().forEach(notes::add);
        ArrayNode errors = data.putArray("errors");
        report.errors().forEach(errors::add);
        return data;
    }

    private ApiResponse stop(ApiRequest req) {
        return ApiResponse.json(Json.ok(Json.object().put("message", "stopping"))).then(runtime::requestStop);
    }

    private ApiResponse restart(ApiRequest req) {
        try {
            runtime.restart();
        } catch (InvalidConfigException e) {
            ObjectNode o = Json.error(ApiException.PARAMS_HOCON_FORMAT_ILLEGAL,
                    "the configuration file is invalid; the broker keeps running as it was");
            ArrayNode errors = o.putArray("errors");
            e.errors().stream().map(ConfigError::format).forEach(errors::add);
            return ApiResponse.json(400, o);
        }
        return ApiResponse.json(Json.ok(Json.object().put("message", "restarted")));
    }
}
