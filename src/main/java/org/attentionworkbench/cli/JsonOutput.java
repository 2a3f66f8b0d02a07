package org.attentionworkbench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import org.attentionworkbench.data.Json;

/** How every command prints {@code --json}: one indented document on standard output. */
final class JsonOutput {

    private static final ObjectMapper JSON = Json.mapper();

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) throws JsonProcessingException {
        out.println(JSON.writeValueAsString(value));
    }
}
