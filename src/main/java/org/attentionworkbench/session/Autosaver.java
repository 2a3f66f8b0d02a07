package org.attentionworkbench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.attentionworkbench.task.LatestTaskRunner;

/**
 * Saves the current session a short while after the last change (debounced, so typing a note
 * does not write on every key), atomically, to {@code autosave.awsession.json} in the config
 * folder. After a crash the last saved state is there to restore with {@link #recover()}.
 */
public final class Autosaver implements AutoCloseable {

    /** Delay between the last change and the write. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);

    private final Path file;
    private final Duration delay;
    private final SessionStore store = new SessionStore();
    private final Consumer<IOException> onError;
    private final Runnable onSaved;
    /** The debounce: a change replaces the pending write (the same runner as all background work). */
    private final LatestTaskRunner worker = new LatestTaskRunner("autosave", Runnable::run);
    private Session latest;

    /**
     * @param directory where the autosave file lives
     * @param onError   told (on the autosave thread) when a write fails; the next change tries again
     */
    public Autosaver(Path directory, Duration delay, Consumer<IOException> onError) {
        this(directory, delay, onError, () -> { });
    }

    /**
     * @param onSaved told (on the writing thread) after each successful write, so that a reported
     *                failure can be taken back once saving works again
     */
    public Autosaver(Path directory, Duration delay, Consumer<IOException> onError, Runnable onSaved) {
        this.file = directory.resolve("autosave" + SessionStore.EXTENSION);
        this.delay = delay;
        this.onError = onError;
        this.onSaved = onSaved;
    }

    /** The autosave file. */
    public Path file() {
        return file;
    }

    /** Records a change; the session is written after the delay unless another change comes first. */
    public synchronized void changed(Session session) {
        latest = session;
        worker.submit(delay, context -> {
            writeLatest();
            return null;
        }, done -> { }, error -> { });
    }

    /** Writes a pending change now (e.g. when the window closes). */
    public void flush() {
        worker.cancel();
        writeLatest();
    }

    private void writeLatest() {
        Session s;
        synchronized (this) {
            s = latest;
            latest = null;
        }
        if (s == null) return;
        try {
            store.save(s, file);
        } catch (IOException e) {
            onError.accept(e);
            return;
        }
        onSaved.run();
    }

    /** The autosaved session, if there is a readable one. */
    public Optional<Session> recover() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(store.load(file));
        } catch (SessionException e) {
            return Optional.empty();
        }
    }

    /** Flushes and stops the worker. */
    @Override
    public void close() {
        flush();
        worker.close();
    }
}
