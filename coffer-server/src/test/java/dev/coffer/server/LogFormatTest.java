package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.error.CofferException;
import dev.coffer.server.config.CofferConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The server's log configuration (src/main/resources/logback.xml), loaded as the server loads
 * it: text by default, one JSON object per line with {@code COFFER_LOG_FORMAT=json}, the
 * request id in both.
 */
class LogFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Everything the configuration writes while {@code body} logs, with {@code format} set (null: unset). */
    private static String logged(String format, java.util.function.Consumer<Logger> body) throws Exception {
        URL config = LogFormatTest.class.getResource("/logback.xml");
        assertThat(config).as("the server's logback.xml on the class path").isNotNull();
        PrintStream before = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        // The same MDC the server's requests fill (the test's MDC.put calls go there).
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            if (format != null) context.putProperty("COFFER_LOG_FORMAT", format);
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            joran.doConfigure(config);
            body.accept(context.getLogger("dev.coffer.server.Example"));
        } finally {
            context.stop();
            System.setErr(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void json_is_one_object_per_line_with_the_request_id() throws Exception {
        String out = logged("json", log -> {
            MDC.put("requestId", "req-42");
            try {
                log.info("stored {} files", 3);
                log.warn("second line", new IllegalStateException("boom"));
            } finally {
                MDC.remove("requestId");
            }
            log.info("outside a request");
        });
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.path("message").asText()).isEqualTo("stored 3 files");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger_name").asText()).isEqualTo("dev.coffer.server.Example");
        assertThat(first.path("requestId").asText()).isEqualTo("req-42");
        assertThat(first.has("@timestamp")).isTrue();
        JsonNode second = JSON.readTree(lines[1]);
        assertThat(second.path("stack_trace").asText()).contains("IllegalStateException: boom");
        assertThat(JSON.readTree(lines[2]).has("requestId")).isFalse();
    }

    @Test
    void an_unknown_format_is_refused_at_start_rather_than_logging_nothing(@TempDir Path data) {
        assertThatThrownBy(() ->
                        CofferConfig.load(null, Map.of("COFFER_LOG_FORMAT", "JSON"), Map.of("data", data.toString())))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessage("COFFER_LOG_FORMAT is 'text' (the default) or 'json', not 'JSON'");
        assertThat(CofferConfig.load(null, Map.of("COFFER_LOG_FORMAT", "json"), Map.of("data", data.toString())))
                .isNotNull();
    }

    @Test
    void text_is_the_default_and_shows_the_request_id_only_inside_a_request() throws Exception {
        String out = logged(null, log -> {
            MDC.put("requestId", "req-43");
            try {
                log.info("inside");
            } finally {
                MDC.remove("requestId");
            }
            log.info("outside");
        });
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("INFO", "[req-43] - inside").doesNotStartWith("{");
        assertThat(lines[1]).contains("Example - outside").doesNotContain("[]");
    }
}
