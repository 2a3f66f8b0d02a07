package org.attentionworkbench.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The rule for commands that write a model's files: an existing file at the output is never
 * replaced silently (a shipped model or a user's own export could be lost to a typo); the user
 * says {@code --force} to replace it.
 */
final class ExistingOutput {

    private ExistingOutput() {
    }

    /**
     * Refuses, before any work is done, when one of {@code paths} exists and {@code force} is not given.
     *
     * @throws UserException naming the first existing path
     */
    static void refuseUnlessForced(boolean force, Path... paths) {
        if (force) return;
        for (Path p : paths) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException(p + " already exists; choose another --out, or add --force to replace it");
            }
        }
    }
}
