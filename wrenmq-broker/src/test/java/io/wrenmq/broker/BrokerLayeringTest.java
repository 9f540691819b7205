package io.wrenmq.broker;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.wrenmq.broker.message.archfixture.MessageImportsDelivery;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The broker's packages import downward only (issue #12): each package may import the packages below it in
 * {@link #LAYERS} (a package includes its sub-packages: auth.http, store.sqlite) and nothing above it, so the
 * layout reads bottom-up without loops. The order is the one the code has, derived with jdeps: the ground floor
 * (net, listener: what a listener and a connection are; message: the application message in its three forms;
 * metrics; hook) under routing and store, then auth, session, limits (which looks at sessions), delivery (routing
 * into sessions), the socket side (protocol, transport), the in-process API and $SYS, and the composition root
 * (WrenBroker, BrokerConfig) on top.
 *
 * <p>ArchUnit reads bytecode: a compile-time constant (static final String) is copied into its user and does not
 * show; everything else does (fields, signatures, calls, annotations).
 */
class BrokerLayeringTest {
    /** Bottom to top; "root" is the package io.wrenmq.broker itself. */
    static final List<String> LAYERS = List.of("net", "listener", "message", "metrics", "hook", "routing", "store",
            "auth", "session", "limits", "delivery", "protocol", "transport", "api", "sys", "root");

    private static final ImportOption FIXTURES = location -> location.contains("/archfixture/");

    static LayeredArchitecture rule() {
        LayeredArchitecture a = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (String layer : LAYERS) {
            a = a.layer(layer).definedBy(layer.equals("root") ? "io.wrenmq.broker" : "io.wrenmq.broker." + layer + "..");
        }
        a = a.whereLayer(LAYERS.get(0)).mayNotAccessAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            a = a.whereLayer(LAYERS.get(i)).mayOnlyAccessLayers(LAYERS.subList(0, i).toArray(String[]::new));
        }
        return a;
    }

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.wrenmq.broker");

    @Test
    void brokerPackagesImportDownwardOnly() {
        rule().check(MAIN);
    }

    @Test
    void everyLayerHasMainClasses() {
        for (String layer : LAYERS) {
            assertThat(MAIN.containPackage(layer.equals("root") ? "io.wrenmq.broker" : "io.wrenmq.broker." + layer))
                    .as(layer).isTrue();
        }
    }

    /** The rule itself: the main classes plus small fixture classes, one per kind of import. */
    @Test
    void anUpwardImportFailsTheRuleAndADownwardOneDoesNot() {
        JavaClasses withFixtures = new ClassFileImporter()
                .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || FIXTURES.includes(location))
                .importPackages("io.wrenmq.broker");
        assertThat(withFixtures.contain(MessageImportsDelivery.class)).isTrue();

        EvaluationResult result = rule().evaluate(withFixtures);

        List<String> violations = result.getFailureReport().getDetails();
        assertThat(violations).as("message (ground floor) -> delivery")
                .anyMatch(v -> v.contains("MessageImportsDelivery") && v.contains("delivery.MessageRouter"));
        assertThat(violations).as("session -> protocol")
                .anyMatch(v -> v.contains("SessionImportsProtocol") && v.contains("protocol.MqttConnection"));
        assertThat(violations).as("session -> the composition root")
                .anyMatch(v -> v.contains("SessionImportsWrenBroker") && v.contains("broker.WrenBroker"));
        assertThat(violations).as("delivery -> message is downward").noneMatch(v -> v.contains("DeliveryImportsMessage"));
        assertThat(violations).as("only the fixtures break the rule")
                .allMatch(v -> v.contains("archfixture"));
    }
}
