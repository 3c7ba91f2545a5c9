package dev.coffer.server.identity;

import dev.coffer.server.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

class SqliteLoginApiTest extends LoginApiContract {
    @Override
    protected TestServer startServer(Path data, Map<String, String> env, Clock clock) throws IOException {
        return TestServer.start(data, env, clock);
    }
}
