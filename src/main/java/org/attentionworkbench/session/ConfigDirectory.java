package org.attentionworkbench.session;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the workbench keeps its per-user files (preferences, recent files, autosave):
 * {@code -Dworkbench.config.dir}, else {@code $WORKBENCH_CONFIG}, else {@code ~/.attention-workbench}.
 * A property first so that tests and portable installs can point elsewhere.
 */
public final class ConfigDirectory {

    /** System property naming the folder. */
    public static final String PROPERTY = "workbench.config.dir";
    /** Environment variable naming the folder. */
    public static final String ENV = "WORKBENCH_CONFIG";

    private ConfigDirectory() {
    }

    /** The folder for this process. */
    public static Path resolve() {
        return resolve(System::getProperty, System.getenv(), System.getProperty("user.home"));
    }

    /** The folder for the given properties, environment and home (testable). */
    public static Path resolve(Function<String, String> properties, Map<String, String> env, String home) {
        String p = properties.apply(PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return Path.of(e);
        return Path.of(home, ".attention-workbench");
    }
}
