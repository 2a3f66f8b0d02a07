package org.attentionworkbench.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.attentionworkbench.data.BuildInfo;

/**
 * What produced a result, recorded beside it ({@code explain --json}, an audit's {@code audit.json}
 * and {@code summary.json}): the workbench and ND4J versions and, per model, the archive's file name
 * and the sha256 of its bytes. The archive's name says which model was meant; its sha256 says which
 * weights were used, so that a result can be tied to one archive even after a model is retrained
 * under the same name. (The settings are recorded beside it by each caller.)
 *
 * @param appVersion  the workbench's version
 * @param nd4jVersion the ND4J on the class path
 * @param models      the model archives, in the order used
 */
public record Provenance(String appVersion, String nd4jVersion, List<Archive> models) {

    /**
     * One model archive.
     *
     * @param model  the name or path it was asked for by
     * @param file   the archive's file name
     * @param sha256 the archive's sha256 (lower-case hex); null when it could not be read, with
     *               {@code problem} saying why
     * @param problem why there is no sha256, or null
     */
    public record Archive(String model, String file, String sha256, String problem) { }

    public Provenance {
        models = List.copyOf(models);
    }

    /**
     * The provenance of a result computed now with {@code models}, each found through
     * {@code archives}. A model whose archive cannot be found or read is recorded without its sha256
     * (and why): the result is still written, the gap in its provenance is visible.
     */
    public static Provenance of(List<String> models, Function<String, Path> archives) {
        List<Archive> out = new ArrayList<>();
        for (String name : models) {
            Path path;
            try {
                path = archives.apply(name);
            } catch (RuntimeException e) {
                out.add(new Archive(name, null, null, String.valueOf(e.getMessage())));
                continue;
            }
            String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            try {
                out.add(new Archive(name, file, sha256(path), null));
            } catch (IOException e) {
                out.add(new Archive(name, file, null, "cannot read " + path + ": " + e.getMessage()));
            }
        }
        return new Provenance(BuildInfo.appVersion(), BuildInfo.nd4jVersion(), out);
    }

    /** The sha256 of a file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the digest is computed on the way in
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** As JSON-ready maps: {@code app_version}, {@code nd4j_version}, {@code models: [{model, file, sha256}]}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app_version", appVersion);
        m.put("nd4j_version", nd4jVersion);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Archive a : models) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("model", a.model());
            x.put("file", a.file());
            x.put("sha256", a.sha256());
            if (a.problem() != null) x.put("problem", a.problem());
            list.add(x);
        }
        m.put("models", list);
        return m;
    }
}
