package io.wrenmq.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.server.config.ConfigLoader;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/operations.md names every route of the router (the same list the OpenAPI document is built from). */
class OperationsDocsTest {
    @Test
    void everyRouteIsDocumentedWithAnExample() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("docs"))) {
            root = root.getParent();
        }
        String docs = Files.readString(root.resolve("docs/operations.md"));
        var config = ConfigLoader.load(null, Map.of());
        BrokerRuntime runtime = new BrokerRuntime(config, new io.wrenmq.broker.WrenBroker(config.broker()), null, Map.of(), root);
        Router router = ApiRoutes.build(runtime, new ReloadService(runtime), false);
        for (Router.Route r : router.routes()) {
            String path = HttpApiServer.PREFIX + (r.pattern().equals("/") ? "" : r.pattern());
            assertThat(docs).as("docs/operations.md documents %s %s", r.method(), path).contains("`" + r.method() + " " + path + "`");
        }
        String curlPaths = docs.replaceAll("\\s+", " ");
        for (String section : new String[] {"$API/clients", "$API/mqtt/publish", "$API/banned", "$API/reload", "$API/ctrl/restart"}) {
            assertThat(curlPaths).contains("curl").contains(section);
        }
    }
}
