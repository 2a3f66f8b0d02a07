package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @TempDir
    Path tmp;

    private static ModelCard card(String name) {
        return new ModelCard(name, "SST-2", List.of("negative", "positive"), "average", 50, 32, 100, 1000,
                10, 2, 2, 0.8, 0.79, 0.78, 1, 1.0, 1L, "x", "today", "none", "");
    }

    /** A fake reader: a file containing "bad" is unreadable, anything else is a card named after it. */
    private static final Function<Path, ModelCard> READER = p -> {
        try {
            if (Files.readString(p).contains("bad")) throw new ModelArchiveException(p.getFileName() + " is corrupt");
        } catch (IOException e) {
            throw new ModelArchiveException("cannot read");
        }
        return card(ModelCatalog.nameOf(p));
    };

    private Path models() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(dir.resolve("sst2-average.zip"), "ok");
        Files.writeString(dir.resolve("imdb-bilstm.zip"), "ok");
        Files.writeString(dir.resolve("broken.zip"), "bad");
        Files.writeString(dir.resolve("notes.txt"), "not a model");
        return dir;
    }

    @Test
    void listsArchivesWithCardsAndSkipsUnreadableOnesWithAReason() throws IOException {
        ModelCatalog catalog = ModelCatalog.of(models(), READER);
        assertEquals(List.of("imdb-bilstm", "sst2-average"), catalog.names());
        assertEquals(1, catalog.skipped().size());
        assertTrue(catalog.skipped().get(0).reason().contains("corrupt"));
        assertEquals("imdb-bilstm", catalog.defaultEntry().orElseThrow().name());
        assertEquals(2, catalog.entries().get(0).sizeBytes());
    }

    @Test
    void defaultIsTheFirstModelWhenImdbBilstmIsMissing() throws IOException {
        Path dir = models();
        Files.delete(dir.resolve("imdb-bilstm.zip"));
        assertEquals("sst2-average", ModelCatalog.of(dir, READER).defaultEntry().orElseThrow().name());
        assertTrue(ModelCatalog.empty().defaultEntry().isEmpty());
    }

    @Test
    void resolvesNamesAndPaths() throws IOException {
        Path dir = models();
        ModelCatalog catalog = ModelCatalog.of(dir, READER);
        assertEquals(dir.resolve("imdb-bilstm.zip"), catalog.resolve("imdb-bilstm"));
        Path elsewhere = Files.writeString(tmp.resolve("mine.zip"), "ok");
        assertEquals(elsewhere, catalog.resolve(elsewhere.toString()));

        ModelArchiveException noName = assertThrows(ModelArchiveException.class, () -> catalog.resolve("imdb-cnn"));
        assertTrue(noName.getMessage().contains("no shipped model named 'imdb-cnn'"), noName.getMessage());
        assertTrue(noName.getMessage().contains("imdb-bilstm, sst2-average"), noName.getMessage());
        ModelArchiveException noFile = assertThrows(ModelArchiveException.class,
                () -> catalog.resolve(tmp.resolve("missing.zip").toString()));
        assertTrue(noFile.getMessage().startsWith("model file not found"), noFile.getMessage());
    }

    @Test
    void locatesTheDirectoryInOrder() throws IOException {
        Path prop = Files.createDirectories(tmp.resolve("prop"));
        Path env = Files.createDirectories(tmp.resolve("env"));
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path basedir = Files.createDirectories(project.resolve("target/workbench"));
        Files.createDirectories(project.resolve("models"));
        Map<String, String> props = new HashMap<>();
        props.put(ModelCatalog.PROPERTY, prop.toString());
        props.put("basedir", basedir.toString());
        Map<String, String> envs = Map.of(ModelCatalog.ENV, env.toString());

        assertEquals(Optional.of(prop), ModelCatalog.locate(props::get, envs, cwd));
        props.remove(ModelCatalog.PROPERTY);
        assertEquals(Optional.of(env), ModelCatalog.locate(props::get, envs, cwd));
        assertEquals(Optional.of(project.resolve("models")), ModelCatalog.locate(props::get, Map.of(), cwd));
        Files.createDirectories(cwd.resolve("models"));
        assertEquals(Optional.of(cwd.resolve("models")), ModelCatalog.locate(props::get, Map.of(), cwd));
        // A property naming a directory that does not exist falls through to the next candidate.
        props.put(ModelCatalog.PROPERTY, tmp.resolve("nope").toString());
        assertEquals(Optional.of(cwd.resolve("models")), ModelCatalog.locate(props::get, Map.of(), cwd));
        assertEquals(Optional.empty(), ModelCatalog.locate(k -> null, Map.of(), tmp.resolve("none")));
    }
}
