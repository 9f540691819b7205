package io.wrenmq.codec.archfixture;

import io.wrenmq.broker.WrenBroker;

/** Fixture for ModuleLayeringTest: the codec importing the broker, which the rule must refuse. */
public class CodecImportsBroker {
    WrenBroker broker;
}
