package dev.coffer.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Writes everything the server logs to a file, as the production log would see it (libraries at
 * their configured level) but with Coffer's own loggers at DEBUG, so a test can read the log
 * and look for what must never be in it.
 */
final class LogCapture implements AutoCloseable {
    private final Path file;
    private final FileAppender<ILoggingEvent> appender;
    private final Level cofferLevel;

    private LogCapture(Path file, FileAppender<ILoggingEvent> appender, Level cofferLevel) {
        this.file = file;
        this.appender = appender;
        this.cofferLevel = cofferLevel;
    }

    static LogCapture to(Path file) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(lc);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger - %msg%n%ex");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(lc);
        appender.setName("capture-" + file);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        lc.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        Logger coffer = lc.getLogger("dev.coffer");
        Level before = coffer.getLevel();
        coffer.setLevel(Level.DEBUG);
        return new LogCapture(file, appender, before);
    }

    Path file() {
        return file;
    }

    String text() throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public void close() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        lc.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        lc.getLogger("dev.coffer").setLevel(cofferLevel);
    }
}
