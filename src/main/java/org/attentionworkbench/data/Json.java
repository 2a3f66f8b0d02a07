package org.attentionworkbench.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson setup of the workbench: every file it writes (model archives, cards, audits,
 * sessions, preferences, {@code --json}) is indented, and every file it reads tolerates fields added
 * by a later version. It lives in {@code data}, the lowest package that reads JSON, so that every
 * package above shares it.
 *
 * <p>The mapper is built once and shared (Jackson caches serializers per mapper); it must never be
 * reconfigured. A variation is an {@link ObjectReader} or {@link ObjectWriter} derived from it, as
 * {@link #compactWriter()} and {@link #strictReader(Class)} are.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** The shared mapper: indented output, unknown fields ignored on reading. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One JSON document on one line (JSON Lines files such as an audit's run log). */
    public static ObjectWriter compactWriter() {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * A reader that refuses fields {@code type} does not declare: for files a person writes by hand
     * (dataset manifests), where an unknown field is a misspelling to report rather than ignore.
     */
    public static ObjectReader strictReader(Class<?> type) {
        return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
