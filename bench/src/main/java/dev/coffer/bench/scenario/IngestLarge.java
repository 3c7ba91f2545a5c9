package dev.coffer.bench.scenario;

import dev.coffer.bench.data.Inputs;
import java.io.IOException;

/** One big random file: streaming throughput (chunking, hashing, sending, forcing to disk). */
public final class IngestLarge implements Scenario {
    public static final String NAME = "ingest-large";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        return IngestReport.build(NAME, rounds.measure(inputs.large()));
    }
}
