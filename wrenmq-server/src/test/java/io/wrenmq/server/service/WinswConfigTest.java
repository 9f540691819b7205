package io.wrenmq.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The WinSW configuration, read back with an XML parser: what WinSW would see. */
class WinswConfigTest {
    static final String HOME = "C:\\Program Files\\Wren & Co <MQ>";
    static final String CONF = "D:\\conf dir\\it's \"mine\".conf";

    @Test
    void configurationRunsJavaWithTheLaunchersFlags() throws Exception {
        WinswConfig.Settings s = new WinswConfig.Settings("wrenmq", HOME, CONF, WinswConfig.DEFAULT_DATA_DIR,
                "C:\\Program Files\\Java\\jdk-17\\bin\\java.exe", WinswConfig.DEFAULT_JAVA_OPTS);
        String xml = WinswConfig.render(s);
        assertThat(xml).contains("Wren &amp; Co &lt;MQ&gt;");
        Element service = parse(xml);
        assertThat(service.getTagName()).isEqualTo("service");
        assertThat(text(service, "id")).isEqualTo("wrenmq");
        assertThat(text(service, "executable")).isEqualTo("C:\\Program Files\\Java\\jdk-17\\bin\\java.exe");
        List<String> expected = new ArrayList<>(WinswConfig.DEFAULT_JAVA_OPTS);
        expected.addAll(List.of("-Dwrenmq.home=" + HOME, "-cp", HOME + "\\lib\\*", "io.wrenmq.server.cli.WrenmqCommand",
                "start", "--conf", CONF));
        assertThat(WindowsArgv.split(text(service, "arguments"))).isEqualTo(expected);
        assertThat(env(service)).containsEntry("WRENMQ_HOME", HOME).containsEntry("WRENMQ_DATA_DIR", "%ProgramData%\\WrenMQ");
        assertThat(text(service, "workingdirectory")).isEqualTo("%ProgramData%\\WrenMQ");
        assertThat(text(service, "startmode")).isEqualTo("Automatic");
        assertThat(text(service, "stoptimeout")).isEqualTo("30 sec");
        Element onFailure = (Element) service.getElementsByTagName("onfailure").item(0);
        assertThat(onFailure.getAttribute("action")).isEqualTo("restart");
        assertThat(onFailure.getAttribute("delay")).isEqualTo("5 sec");
        assertThat(text(service, "logpath")).isEqualTo("%ProgramData%\\WrenMQ\\logs");
        assertThat(((Element) service.getElementsByTagName("log").item(0)).getAttribute("mode")).isEqualTo("roll-by-size");
        assertThat(xml).as("Ctrl+C must reach the JVM's handler").doesNotContain("-Xrs").doesNotContain("wrenmq.cmd");
    }

    @Test
    void noConfigurationFileMeansNoConfFlag() throws Exception {
        WinswConfig.Settings s = new WinswConfig.Settings("broker-2", "C:\\WrenMQ\\", null, "E:\\data", "java.exe", List.of());
        List<String> args = WindowsArgv.split(text(parse(WinswConfig.render(s)), "arguments"));
        assertThat(args).containsExactly("-Dwrenmq.home=C:\\WrenMQ\\", "-cp", "C:\\WrenMQ\\lib\\*", "io.wrenmq.server.cli.WrenmqCommand", "start");
        assertThat(s.baseName()).isEqualTo("broker-2-service");
    }

    /** The flags are bin\wrenmq.cmd's: a service behaves like `bin\wrenmq start`. */
    @Test
    void defaultJavaOptionsAreTheLaunchers() throws Exception {
        String cmd = Files.readString(Path.of("..", "bin", "wrenmq.cmd"));
        String line = cmd.lines().filter(l -> l.startsWith("set \"JAVA_OPTS=")).findFirst().orElseThrow();
        String opts = line.substring("set \"JAVA_OPTS=".length(), line.length() - 1);
        assertThat(WinswConfig.DEFAULT_JAVA_OPTS).isEqualTo(Arrays.asList(opts.split(" ")));
    }

    static Element parse(String xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        assertThat(nodes.getLength()).as("<%s> elements", tag).isEqualTo(1);
        return nodes.item(0).getTextContent();
    }

    static Map<String, String> env(Element service) {
        NodeList nodes = service.getElementsByTagName("env");
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i))
                .collect(Collectors.toMap(e -> e.getAttribute("name"), e -> e.getAttribute("value")));
    }
}
