package io.wrenmq.server.archfixture;

import io.wrenmq.tools.ExitCodes;

/** Fixture for ModuleLayeringTest: the server importing the tools, a downward import the rule must accept. */
public class ServerImportsTools {
    ExitCodes codes;
}
