package dev.coffer.audit;

import dev.coffer.error.CofferException;

/** How a recorded request ended. */
public enum Outcome {
    OK("ok"),
    DENIED("denied"),
    FAILED("failed");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Outcome parse(String label) {
        for (Outcome o : values()) if (o.label.equals(label)) return o;
        throw new CofferException.Invalid("outcome must be ok, denied or failed; got '" + label + "'");
    }
}
