package org.attentionworkbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions a result was produced with, for provenance (model cards, {@code explain --json},
 * audits): the workbench's own, written into {@code build.properties} by the build, and ND4J's, read
 * from the {@code pom.properties} inside the ND4J jar actually on the class path (not from what the
 * build asked for). "unknown" where either is missing.
 */
public final class BuildInfo {

    private static final String UNKNOWN = "unknown";
    private static final String APP = read("/org/attentionworkbench/data/build.properties", "app.version");
    private static final String ND4J = read("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version");

    private BuildInfo() {
    }

    /** The workbench's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String appVersion() {
        return APP;
    }

    /** The version of ND4J (and DL4J's native backend, released together), e.g. {@code 1.0.0-M2.1}. */
    public static String nd4jVersion() {
        return ND4J;
    }

    private static String read(String resource, String key) {
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty(key, UNKNOWN).strip();
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
