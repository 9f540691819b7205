package io.wrenmq.server.service;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The configuration of WinSW (github.com/winsw/winsw, docs/xml-config-file.md), the wrapper that runs the broker as a
 * Windows service. It runs java.exe itself with the flags of bin\wrenmq.cmd rather than the .cmd: on stop WinSW sends
 * Ctrl+C to its child's console and waits up to stoptimeout before TerminateProcess. The JVM answers Ctrl+C by running
 * the broker's shutdown hook (store flushed, PID file removed); cmd.exe would instead ask "Terminate batch job (Y/N)?",
 * and its exit code, not the JVM's, would drive the restart policy. No -Xrs: it would make the JVM ignore Ctrl+C.
 * Values are written through the DOM, so {@code &}, {@code <} and quotes in paths are escaped; arguments are quoted
 * for the Windows C runtime ({@link WindowsQuoting}). WinSW expands {@code %NAME%} in every value.
 */
public final class WinswConfig {
    /** bin\wrenmq.cmd's default JVM flags (its comments and bin/wrenmq's say why); a test keeps the two equal. */
    public static final List<String> DEFAULT_JAVA_OPTS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms16m", "-Xmn8m",
            "-XX:MaxRAMPercentage=35", "-XX:+ExitOnOutOfMemoryError", "-XX:ReservedCodeCacheSize=48m");
    public static final String DEFAULT_DATA_DIR = "%ProgramData%\\WrenMQ";
    static final String MAIN_CLASS = "io.wrenmq.server.cli.WrenmqCommand";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    /**
     * What the service runs, as Windows paths.
     *
     * @param id       the service's id (also the base name of the wrapper's .exe and .xml)
     * @param home     WRENMQ_HOME
     * @param conf     the configuration file; null for `wrenmq start`'s own default
     * @param dataDir  the data directory (WRENMQ_DATA_DIR), e.g. %ProgramData%\WrenMQ
     * @param java     java.exe to run
     * @param javaOpts the JVM flags
     */
    public record Settings(String id, String home, String conf, String dataDir, String java, List<String> javaOpts) {
        public Settings {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("--name: \"" + id + "\" is not a service id (letters, digits, '_', '.', '-')");
            }
            javaOpts = List.copyOf(javaOpts);
        }

        /** The wrapper's files: wrenmq-service.exe and wrenmq-service.xml. */
        public String baseName() {
            return id + "-service";
        }

        /** The java.exe arguments, unquoted. */
        public List<String> arguments() {
            List<String> args = new ArrayList<>(javaOpts);
            args.add("-Dwrenmq.home=" + home);
            args.add("-cp");
            args.add(WindowsPaths.join(home, "lib", "*"));
            args.add(MAIN_CLASS);
            args.add("start");
            if (conf != null) {
                args.add("--conf");
                args.add(conf);
            }
            return args;
        }
    }

    private WinswConfig() {
    }

    /** The XML document's text. */
    public static String render(Settings s) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element service = doc.createElement("service");
            doc.appendChild(service);
            service.appendChild(doc.createComment(" Written by wrenmq service install (Windows); see docs/service.md "));
            add(service, "id", s.id());
            add(service, "name", "WrenMQ (" + s.id() + ")");
            add(service, "description", "WrenMQ MQTT broker");
            add(service, "executable", s.java());
            add(service, "arguments", WindowsQuoting.commandLine(s.arguments()));
            env(service, "WRENMQ_HOME", s.home());
            env(service, "WRENMQ_DATA_DIR", s.dataDir());
            add(service, "workingdirectory", s.dataDir());
            add(service, "startmode", "Automatic");
            service.appendChild(doc.createComment(" On stop: Ctrl+C, the JVM's shutdown hook flushes the store; killed after this "));
            add(service, "stoptimeout", "30 sec");
            Element onFailure = add(service, "onfailure", null);
            onFailure.setAttribute("action", "restart");
            onFailure.setAttribute("delay", "5 sec");
            add(service, "resetfailure", "1 hour");
            service.appendChild(doc.createComment(" The broker's console log: " + s.baseName() + ".out.log and .err.log, rolled by size "));
            add(service, "logpath", WindowsPaths.join(s.dataDir(), "logs"));
            Element log = add(service, "log", null);
            log.setAttribute("mode", "roll-by-size");
            add(log, "sizeThreshold", "10240");
            add(log, "keepFiles", "5");
            return serialize(doc);
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support failed", e);
        }
    }

    private static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElement(name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }

    private static void env(Element service, String name, String value) {
        Element e = add(service, "env", null);
        e.setAttribute("name", name);
        e.setAttribute("value", value);
    }

    private static String serialize(Document doc) throws TransformerException {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString().replace("?><", "?>\n<");
    }
}
