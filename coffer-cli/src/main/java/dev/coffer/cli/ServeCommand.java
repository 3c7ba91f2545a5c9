package dev.coffer.cli;

import dev.coffer.server.CofferServer;
import dev.coffer.server.config.CofferConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(name = "serve", description = "Start the Coffer server (SQLite + a local folder by default).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on (default 8420; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Mixin
    ConfigOptions settings;

    @Option(names = "--store", description = "Content store: a folder, or s3://bucket/prefix.")
    String store;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("port", port == null ? null : port.toString());
        flags.put("bind", bind);
        flags.put("store", store);
        CofferConfig config = settings.load(flags);
        CofferServer server = CofferServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (an orchestrator stopping the server): unready for shutdown.unready first, then
        // the requests in flight finish, then exit 0. Ctrl-C (someone at the terminal) skips the
        // unready period. Any other end of the JVM still closes cleanly (the hook).
        Signal.handle(new Signal("TERM"), sig -> stopInBackground(server::shutdown, stopped));
        Signal.handle(new Signal("INT"), sig -> stopInBackground(server::close, stopped));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "coffer-close"));
        printBanner(server, config);
        stopped.await();
        return 0;
    }

    private static void stopInBackground(Runnable stop, CountDownLatch stopped) {
        Thread.ofPlatform().name("coffer-shutdown").start(() -> {
            stop.run();
            stopped.countDown();
        });
    }

    private static void printBanner(CofferServer server, CofferConfig config) {
        var out = System.out;
        out.println("Coffer is running at " + server.url());
        out.println("  data folder: " + config.data());
        CofferServer.Startup s = server.startup();
        if (s.tokenFromEnvironment()) {
            out.println("  admin token: the value of COFFER_ADMIN_TOKEN");
        } else if (s.tokenFile() != null) {
            out.println("  admin token: in " + s.tokenFile() + " (readable by you only)");
        } else {
            out.println("  admin token: set when this data folder was first used");
        }
        String token = s.tokenFromEnvironment()
                ? "\"$COFFER_ADMIN_TOKEN\""
                : (s.tokenFile() != null ? "\"$(cat " + s.tokenFile() + ")\"" : "TOKEN");
        out.println("Log in with:");
        out.println("  ./coffer login --url " + server.url() + " --token " + token);
        if (config.adminPassword() != null)
            out.println("  ./coffer login --url " + server.url()
                    + " --user admin   (the password of COFFER_ADMIN_PASSWORD)");
        if (config.adminPassword() != null) {
            out.println(
                    "Web UI: " + server.url() + "/  (sign in as admin, with the password of COFFER_ADMIN_PASSWORD)");
        } else if (s.passwordFile() != null) {
            out.println(
                    "Web UI: " + server.url() + "/  (sign in as admin, with the password in " + s.passwordFile() + ")");
        } else {
            out.println("Web UI: " + server.url() + "/  (sign in with your name and password; set one with"
                    + " ./coffer passwd)");
        }
        out.flush();
    }
}
