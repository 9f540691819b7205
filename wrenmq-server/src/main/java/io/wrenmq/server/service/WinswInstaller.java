package io.wrenmq.server.service;

import io.wrenmq.server.files.OwnerOnlyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Writes the WinSW configuration and tells the administrator the rest: WinSW is a separate download (an .exe we do not
 * ship), renamed to sit next to the XML, and `install`/`start` need an elevated prompt.
 */
public final class WinswInstaller {
    static final String DOWNLOAD = "https://github.com/winsw/winsw/releases (WinSW-x64.exe, 2.12 or later)";

    private final PrintWriter out;

    public WinswInstaller(PrintWriter out) {
        this.out = out;
    }

    /** Writes {@code dir\<id>-service.xml} and prints the steps; returns the file. */
    public Path install(WinswConfig.Settings s, Path dir) throws IOException {
        Path xml = dir.resolve(s.baseName() + ".xml");
        OwnerOnlyFiles.writeAtomically(xml, WinswConfig.render(s));
        String exe = dir.resolve(s.baseName() + ".exe").toString();
        out.println("Wrote " + xml);
        out.println("To run WrenMQ as the Windows service " + s.id() + ", in a prompt opened as Administrator:");
        out.println("  1. Download WinSW from " + DOWNLOAD);
        out.println("  2. Save it next to the XML as " + exe);
        out.println("  3. \"" + exe + "\" install");
        out.println("  4. \"" + exe + "\" start");
        out.println("Status: \"" + exe + "\" status (or services.msc). Log: " + WindowsPaths.join(s.dataDir(), "logs",
                s.baseName() + ".out.log"));
        out.println("Stopping sends Ctrl+C: the broker flushes its store and exits (killed after 30 s).");
        return xml;
    }

    /** What `uninstall --windows` says: WinSW removes the service, which only its own executable can do. */
    public void uninstall(String id, Path dir) {
        String exe = dir.resolve(id + "-service.exe").toString();
        out.println("In a prompt opened as Administrator:");
        out.println("  \"" + exe + "\" stop");
        out.println("  \"" + exe + "\" uninstall");
        out.println("then delete " + exe + " and its .xml. The data directory (WRENMQ_DATA_DIR, by default "
                + WinswConfig.DEFAULT_DATA_DIR + ") is kept.");
    }
}
