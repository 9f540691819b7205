package io.wrenmq.server;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.wrenmq.tools.archfixture.ToolsImportsBroker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The modules import downward only (issue #12, DESIGN.md): codec at the bottom; the client on the codec; the tools
 * on the client; the broker on the codec alone (never the client, the tools or the server); the server on top.
 * Maven's dependencies allow more than this (test scopes, transitive jars); this test states what main code may
 * import. It runs here because only wrenmq-server has every module on its class path (wrenmq-bench is outside:
 * it benchmarks codec, broker and the server's rule SQL, and nothing imports it).
 */
class ModuleLayeringTest {
    /** Main code of every module: not test classes, nor the broker's and codec's test jars on this class path. */
    private static final ImportOption MAIN = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");

    static LayeredArchitecture rule() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("codec").definedBy("io.wrenmq.codec..")
                .layer("client").definedBy("io.wrenmq.client..")
                .layer("tools").definedBy("io.wrenmq.tools..")
                .layer("broker").definedBy("io.wrenmq.broker..")
                .layer("server").definedBy("io.wrenmq.server..")
                .whereLayer("codec").mayNotAccessAnyLayer()
                .whereLayer("client").mayOnlyAccessLayers("codec")
                .whereLayer("tools").mayOnlyAccessLayers("codec", "client")
                .whereLayer("broker").mayOnlyAccessLayers("codec")
                .whereLayer("server").mayOnlyAccessLayers("codec", "client", "tools", "broker");
    }

    @Test
    void modulesImportDownwardOnly() {
        JavaClasses main = new ClassFileImporter().withImportOption(MAIN).importPackages("io.wrenmq");
        for (String module : List.of("codec", "client", "tools", "broker", "server")) {
            assertThat(main.containPackage("io.wrenmq." + module)).as("%s is on the class path", module).isTrue();
        }
        rule().check(main);
    }

    /** The rule itself: main code plus fixtures, each a module importing what it must not (and one it may). */
    @Test
    void aForbiddenModuleImportFailsTheRule() {
        JavaClasses withFixtures = new ClassFileImporter()
                .withImportOption(location -> MAIN.includes(location) || location.contains("/archfixture/"))
                .importPackages("io.wrenmq");
        assertThat(withFixtures.contain(ToolsImportsBroker.class)).isTrue();

        List<String> violations = rule().evaluate(withFixtures).getFailureReport().getDetails();

        assertThat(violations).as("tools -> broker")
                .anyMatch(v -> v.contains("ToolsImportsBroker") && v.contains("io.wrenmq.broker.WrenBroker"));
        assertThat(violations).as("broker -> client")
                .anyMatch(v -> v.contains("BrokerImportsClient") && v.contains("io.wrenmq.client.MqttClient"));
        assertThat(violations).as("codec -> broker")
                .anyMatch(v -> v.contains("CodecImportsBroker") && v.contains("io.wrenmq.broker.WrenBroker"));
        assertThat(violations).as("server -> tools is downward").noneMatch(v -> v.contains("ServerImportsTools"));
        assertThat(violations).as("only the fixtures break the rule").allMatch(v -> v.contains("archfixture"));
    }
}
