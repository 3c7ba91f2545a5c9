package dev.coffer.bench.scenario;

import dev.coffer.bench.data.Inputs;
import java.io.IOException;

/** Many 4 KiB files: the cost per file (requests, metadata commits, fsyncs) rather than per byte. */
public final class IngestSmall implements Scenario {
    public static final String NAME = "ingest-small";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Report run(Rounds rounds, Inputs inputs) throws IOException {
        return IngestReport.build(NAME, rounds.measure(inputs.small()));
    }
}
