package io.wrenmq.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the shipped file, the docs and the engine's defaults in step with the one schema table. */
class ConfigSchemaTest {

    @Test
    void documentedDefaultIsTheEngineDefault() throws Exception {
        for (ConfigKey<?> key : ConfigSchema.keys().values()) {
            if (key.getter() == null) {
                continue;
            }
            ConfigTarget applied = ConfigTarget.defaults();
            key.apply(applied, ConfigFactory.parseString("v = " + key.defaultText()).getValue("v"));
            assertThat(key.getter().apply(applied)).as(key.path()).isEqualTo(key.getter().apply(ConfigTarget.defaults()));
        }
    }

    @Test
    void everyKeyIsInTheShippedFileAndTheDocs() throws Exception {
        Path root = ConfigFiles.repoRoot();
        String conf = Files.readString(root.resolve("etc/wrenmq.conf"));
        String docs = Files.readString(root.resolve("docs/configuration.md"));
        for (ConfigKey<?> key : ConfigSchema.keys().values()) {
            String last = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertThat(conf).as("etc/wrenmq.conf mentions " + key.path()).contains(last);
            assertThat(docs).as("docs/configuration.md documents " + key.path()).contains("`" + key.path() + "`");
            if (!key.isIgnored()) {
                assertThat(conf).as("etc/wrenmq.conf shows the default of " + key.path()).contains(last + " = " + key.defaultText());
                assertThat(docs).as("docs show the default of " + key.path()).contains(key.defaultText());
            }
        }
        for (String refused : ConfigSchema.refused().keySet()) {
            assertThat(docs).as("docs/configuration.md names the refused " + refused).contains("`" + refused + "`");
        }
    }
}
