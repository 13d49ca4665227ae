package dev.hive.rack.model;

import java.util.Objects;

/**
 * The result of the last attempt to put a testprogram on a target.
 *
 * @param outcome not flashed yet, flashed, or failed
 * @param message a short human text; for failures it names the cause
 * @param toolOutput what the flashing tool printed, kept for the UI; empty when there was no tool
 */
public record FlashStatus(Outcome outcome, String message, String toolOutput) {

    public enum Outcome {
        NOT_FLASHED,
        OK,
        ERROR
    }

    public FlashStatus {
        Objects.requireNonNull(outcome, "outcome");
        message = Objects.requireNonNullElse(message, "");
        toolOutput = Objects.requireNonNullElse(toolOutput, "");
    }

    public static FlashStatus notFlashed() {
        return new FlashStatus(Outcome.NOT_FLASHED, "not flashed yet", "");
    }

    public static FlashStatus ok(String message) {
        return new FlashStatus(Outcome.OK, message, "");
    }

    public static FlashStatus error(String message, String toolOutput) {
        return new FlashStatus(Outcome.ERROR, message, toolOutput);
    }

    public boolean isOk() {
        return outcome == Outcome.OK;
    }
}
