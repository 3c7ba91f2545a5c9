package dev.coffer.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the Swagger UI WebJar on the classpath, for the path of its files. */
final class SwaggerUi {
    private static final String POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static volatile String version;

    private SwaggerUi() {}

    static String version() {
        if (version == null) {
            try (InputStream in = SwaggerUi.class.getResourceAsStream(POM)) {
                if (in == null) throw new IllegalStateException("the Swagger UI WebJar is missing from the classpath");
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + POM, e);
            }
        }
        return version;
    }
}
