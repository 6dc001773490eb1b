package io.swarmedge.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (set by the build). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"swarmedge " + (v == null ? "dev" : v), "Java " + Runtime.version()};
    }
}
