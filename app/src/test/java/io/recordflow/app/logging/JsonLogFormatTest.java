package io.recordflow.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped log4j2.properties and its JSON event template (the tests themselves log with log4j2-test.properties). */
class JsonLogFormatTest {

    private static final String FORMAT_PROPERTY = "recordflow.log.format";

    @AfterEach
    void clearFormat() {
        System.clearProperty(FORMAT_PROPERTY);
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithTheRecordIdFromTheLoggingContext() throws Exception {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:io/recordflow/app/log-event.json")
                .build();
        SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("recordId", "rec-7");
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("io.recordflow.enrich.topology.EnrichProcessor")
                .setLevel(Level.WARN)
                .setThreadName("recordflow-enrich-0_1-1")
                .setTimeMillis(1_780_000_000_000L)
                .setContextData(context)
                .setMessage(new SimpleMessage("record rec-7: attempt 1 failed, \"retrying\"\nin 1000 ms"))
                .setThrown(new IllegalStateException("model server down"))
                .build();

        String line = layout.toSerializable(event);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("io.recordflow.enrich.topology.EnrichProcessor");
        assertThat(json.path("recordId").asText()).isEqualTo("rec-7");
        assertThat(json.path("message").asText()).isEqualTo("record rec-7: attempt 1 failed, \"retrying\"\nin 1000 ms");
        assertThat(json.path("@timestamp").asText()).endsWith("Z");
        assertThat(json.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.path("error.stack_trace").asText()).contains("JsonLogFormatTest");
    }

    @Test
    void shouldLogThroughTheJsonAppenderWhenTheFormatIsJsonInAnyCase() throws Exception {
        System.setProperty(FORMAT_PROPERTY, "JSON");

        Configuration config = shippedConfiguration();

        assertThat(config.getRootLogger().getAppenders()).containsOnlyKeys("json");
        assertThat(config.getAppenders().get("json").getLayout()).isInstanceOf(JsonTemplateLayout.class);
    }

    @Test
    void shouldLogPlainTextByDefault() throws Exception {
        assertThat(shippedConfiguration().getRootLogger().getAppenders()).containsOnlyKeys("text");
    }

    @Test
    void shouldKeepATextMessageQuotingAHostileFileNameOnOneLine() throws Exception {
        LogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("io.recordflow.ingest.pipeline.FileIngestor")
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage("file memo\n12:00:00 INFO  forged line \u001b[31mred\tcell.txt failed"))
                .build();

        String line = shippedConfiguration()
                .getAppenders()
                .get("text")
                .getLayout()
                .toSerializable(event)
                .toString();

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1))
                .doesNotContain("\n", "\u001b")
                .endsWith("file memo\\n12:00:00 INFO  forged line ?[31mred\tcell.txt failed");
    }

    private static Configuration shippedConfiguration() throws Exception {
        URL url = JsonLogFormatTest.class.getResource("/log4j2.properties");
        assertThat(url).as("log4j2.properties of the app").isNotNull();
        assertThat(url.toString()).contains("/app/target/classes/");
        ConfigurationSource source = ConfigurationSource.fromUri(url.toURI());
        LoggerContext context = new LoggerContext("json-log-format-test");
        Configuration config = new PropertiesConfigurationFactory().getConfiguration(context, source);
        config.initialize();
        return config;
    }
}
