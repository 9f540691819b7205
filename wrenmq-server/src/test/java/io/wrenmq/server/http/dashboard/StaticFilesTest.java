package io.wrenmq.server.http.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only the dashboard folder's files, by safe names, with their content types. */
class StaticFilesTest {
    private final StaticFiles files = new StaticFiles();

    @Test
    void findsTheFilesWithTheirTypes() {
        assertThat(files.find("/")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/html"));
        assertThat(files.find("/dashboard/app.js")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/javascript"));
        assertThat(files.find("/dashboard/vendor/chartjs/chart.umd.min.js")).isPresent();
        assertThat(files.find("/dashboard/nope.css")).isEmpty();
    }

    @Test
    void refusesEveryWayOutOfTheFolder() {
        // The class path holds this class and META-INF: each name below would reach one if it were looked up.
        assertThat(StaticFilesTest.class.getClassLoader().getResource("dashboard/../META-INF/services/ch.qos.logback.classic.spi.Configurator"))
                .as("the class loader itself would follow ..").isNotNull();
        for (String path : new String[] {"/dashboard/../META-INF/services/ch.qos.logback.classic.spi.Configurator",
                "/dashboard/%2e%2e/META-INF/services/ch.qos.logback.classic.spi.Configurator",
                "/dashboard/..%2FMETA-INF%2Fservices%2Fch.qos.logback.classic.spi.Configurator",
                "/dashboard/vendor/%2E%2E/%2E%2E/io/wrenmq/server/WrenServer.class", "/dashboard/..\\index.html",
                "/dashboard/", "/dashboard/.hidden.js", "/dashboard//app.js", "/dashboard/app.js%00.png",
                "/dashboard/%zz.js", "/dashboard/app.js/", "/dashboard/vendor/chartjs/chart.umd.min.js.map"}) {
            assertThat(files.find(path)).as(path).isEmpty();
        }
    }

    @Test
    void ownsOnlyTheRootAndTheDashboardFolder() {
        assertThat(StaticFiles.owns("/")).isTrue();
        assertThat(StaticFiles.owns("/dashboard/x.js")).isTrue();
        assertThat(StaticFiles.owns("/dashboard")).isFalse();
        assertThat(StaticFiles.owns("/api/v4/clients")).isFalse();
        assertThat(StaticFiles.owns("/metrics")).isFalse();
    }
}
