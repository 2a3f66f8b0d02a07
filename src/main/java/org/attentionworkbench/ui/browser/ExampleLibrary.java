package org.attentionworkbench.ui.browser;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.attentionworkbench.data.Json;

/**
 * The built-in example reviews of {@code /examples/reviews.json}: one short review per teaching
 * point (negation, sarcasm, a one-word review, a 500-word one, ...), written for the workbench.
 * No JavaFX here, so the CLI and tests can use it too.
 */
public final class ExampleLibrary {

    /** Classpath location of the examples. */
    public static final String RESOURCE = "/examples/reviews.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record FileContent(String about, List<ExampleReview> reviews) { }

    private final List<ExampleReview> reviews;

    private ExampleLibrary(List<ExampleReview> reviews) {
        this.reviews = List.copyOf(reviews);
    }

    /** The examples shipped with the app. */
    public static ExampleLibrary builtIn() {
        try (InputStream in = ExampleLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the build");
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads examples in the format of {@link #RESOURCE}, checking ids are unique and texts non-empty. */
    public static ExampleLibrary parse(InputStream in) throws IOException {
        FileContent c = Json.mapper().readValue(in, FileContent.class);
        if (c == null || c.reviews() == null) throw new IOException("no \"reviews\" in the examples file");
        Set<String> ids = new HashSet<>();
        for (ExampleReview r : c.reviews()) {
            if (r.id() == null || !ids.add(r.id())) throw new IOException("missing or duplicate example id: " + r.id());
            if (r.text() == null || r.text().isBlank()) throw new IOException("example " + r.id() + " has no text");
        }
        return new ExampleLibrary(c.reviews());
    }

    /** All examples, in file order. */
    public List<ExampleReview> all() {
        return reviews;
    }

    /** The example with {@code id}. */
    public Optional<ExampleReview> find(String id) {
        return reviews.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
