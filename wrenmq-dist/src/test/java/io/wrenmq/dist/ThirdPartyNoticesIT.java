package io.wrenmq.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * THIRD-PARTY.txt is written by hand (license-maven-plugin does not resolve here): this keeps it from going stale.
 * Every third-party jar the zip ships in lib/ must have its line, and the notices must be in the archive.
 */
class ThirdPartyNoticesIT {
    @Test
    void everyJarInLibIsListedInThirdPartyTxt() throws Exception {
        String name = System.getProperty("wrenmq.dist.name");
        List<String> entries;
        try (ZipFile zip = new ZipFile(System.getProperty("wrenmq.dist.zip"))) {
            entries = zip.stream().map(e -> e.getName()).collect(Collectors.toList());
        }
        String lib = name + "/lib/";
        List<String> thirdParty = entries.stream().filter(e -> e.startsWith(lib) && e.endsWith(".jar"))
                .map(e -> e.substring(lib.length())).filter(j -> !j.startsWith("wrenmq-")).sorted()
                .collect(Collectors.toList());
        assertThat(thirdParty).isNotEmpty();
        List<String> listed = Files.readAllLines(Path.of(System.getProperty("wrenmq.third.party"))).stream()
                .filter(l -> l.contains(".jar | ")).map(l -> l.substring(0, l.indexOf(" | "))).sorted()
                .collect(Collectors.toList());
        assertThat(listed).as("THIRD-PARTY.txt lines (file | project | version | licence | URL) for lib/")
                .isEqualTo(thirdParty);
        assertThat(entries).contains(name + "/LICENSE", name + "/NOTICE", name + "/THIRD-PARTY.txt",
                name + "/bin/wrenmq", name + "/bin/wrenmq.cmd", name + "/etc/wrenmq.conf", name + "/README.md",
                name + "/CHANGELOG.md", name + "/docs/install.md");
    }
}
