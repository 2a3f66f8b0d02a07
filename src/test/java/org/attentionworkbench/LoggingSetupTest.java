package org.attentionworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * One logging setup: SLF4J 2 with Logback as its only provider (ND4J and JavaCPP bring none of their
 * own), and JavaFX's platform logging ({@link System.Logger}) routed into the same configuration.
 */
class LoggingSetupTest {

    @Test
    void logbackIsTheOneSlf4jProvider() {
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertEquals(List.of("ch.qos.logback.classic.spi.LogbackServiceProvider"), providers);
        assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
    }

    @Test
    void systemLoggersAsJavaFxUsesThemReachLogback() {
        Logger logback = (Logger) LoggerFactory.getLogger("javafx.scene.test");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logback.addAppender(seen);
        try {
            System.getLogger("javafx.scene.test").log(System.Logger.Level.WARNING, "a platform warning");
            assertEquals(List.of("a platform warning"), seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            // The configuration applies: below WARN is dropped, as for every other library.
            System.getLogger("javafx.scene.test").log(System.Logger.Level.INFO, "chatter");
            assertEquals(1, seen.list.size());
        } finally {
            logback.detachAppender(seen);
        }
    }
}
