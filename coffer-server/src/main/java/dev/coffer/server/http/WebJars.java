package dev.coffer.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The version of a WebJar on the classpath, for the paths of its files under {@code /webjars}. */
public final class WebJars {
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private WebJars() {}

    /** The Swagger UI of {@code /api/docs}. */
    static String swaggerUi() {
        return version("org.webjars", "swagger-ui");
    }

    /** The htmx of the web UI's pages. */
    public static String htmx() {
        return version("org.webjars.npm", "htmx.org");
    }

    /** The chart library of the Utilization page. */
    public static String chartJs() {
        return version("org.webjars.npm", "chart.js");
    }

    static String version(String group, String artifact) {
        return VERSIONS.computeIfAbsent(group + "/" + artifact, key -> {
            String pom = "/META-INF/maven/" + key + "/pom.properties";
            try (InputStream in = WebJars.class.getResourceAsStream(pom)) {
                if (in == null)
                    throw new IllegalStateException("the WebJar " + artifact + " is missing from the classpath");
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + pom, e);
            }
        });
    }
}
