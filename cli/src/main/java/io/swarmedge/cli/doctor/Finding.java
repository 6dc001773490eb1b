package io.swarmedge.cli.doctor;

/**
 * One line of the doctor's answer.
 *
 * @param area the group it belongs to ({@code managers}, {@code network}, …)
 * @param status OK, WARN or FAIL
 * @param message what was found, in plain words
 * @param fix what to do about it; empty when nothing needs doing
 */
public record Finding(String area, Status status, String message, String fix) {
    public static Finding ok(String area, String message) {
        return new Finding(area, Status.OK, message, "");
    }

    public static Finding warn(String area, String message, String fix) {
        return new Finding(area, Status.WARN, message, fix);
    }

    public static Finding fail(String area, String message, String fix) {
        return new Finding(area, Status.FAIL, message, fix);
    }
}
