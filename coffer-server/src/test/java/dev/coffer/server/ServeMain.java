package dev.coffer.server;

import dev.coffer.server.config.CofferConfig;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code coffer serve} for tests that need the server in a JVM of its own (a heap limit, a kill):
 * the same configuration and start-up as the CLI's command, which lives in a module that
 * depends on this one. Settings come from the environment ({@code COFFER_*}).
 */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) throws Exception {
        CofferServer server = CofferServer.start(CofferConfig.load(null, System.getenv(), Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "coffer-shutdown"));
        System.out.println("Coffer is running at " + server.url());
        System.out.flush();
        stopped.await();
    }
}
