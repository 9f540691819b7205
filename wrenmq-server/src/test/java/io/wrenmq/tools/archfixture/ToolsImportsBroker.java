package io.wrenmq.tools.archfixture;

import io.wrenmq.broker.WrenBroker;

/** Fixture for ModuleLayeringTest: the tools (client only) importing the broker, which the rule must refuse. */
public class ToolsImportsBroker {
    WrenBroker broker;
}
