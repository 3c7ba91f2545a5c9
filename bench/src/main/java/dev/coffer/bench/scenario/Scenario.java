package dev.coffer.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.bench.data.Inputs;
import java.io.IOException;

/** One named benchmark: measures (through the shared rounds) and reports. */
public interface Scenario {
    String name();

    Report run(Rounds rounds, Inputs inputs) throws IOException;

    /** What a scenario prints: a table for people, then one JSON line (always the last) for machines. */
    record Report(String table, ObjectNode json) {}
}
