package org.attentionworkbench.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; "development build" when run from the classes folder. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"Attention Workbench " + (v == null ? "(development build)" : v)};
    }
}
