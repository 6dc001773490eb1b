package io.swarmedge.cli;

/** The single entry point of the swarmedge distribution. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SwarmedgeCommand.commandLine().execute(args);
        // Roles that run servers block inside execute(); when it returns we are done.
        System.exit(code);
    }
}
