package org.attentionworkbench.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock of an audit's output folder: one audit at a time writes into it. Two audits started at
 * once into one folder both appended every document to documents.csv, and the report then counted
 * each document twice.
 *
 * <p>The lock is the operating system's lock on the file {@value #FILE_NAME} in the folder; the
 * file holds the holder's process id, host and start time, so that a refused run can say who has
 * the folder. The operating system releases the lock when its process ends, however it ends
 * (kill -9, power cut): a lock file left behind by a dead process is stale and simply taken over,
 * with no process-id guessing (a pid can be reused, and a pid from another host means nothing
 * here). The file is emptied on release but not deleted: deleting it would let a run that opened
 * the old file before the deletion lock that unlinked file while a third run locks the new one.
 */
public final class AuditLock implements AutoCloseable {

    /** The lock file's name inside an audit's output folder. */
    public static final String FILE_NAME = "audit.lock";

    /**
     * Folders locked by this JVM (real paths). Checked before a channel is opened, because on Linux
     * closing any channel of a file drops every lock the process has on it: a refused second audit
     * of the same process (the window, a test) would otherwise free the folder for a third process.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;

    private final FileChannel channel;
    private final FileLock lock;
    /** The lock file if this lock made it, else null. */
    private final Path created;

    private AuditLock(Path key, FileChannel channel, FileLock lock, Path created) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /**
     * Takes the folder's lock, creating the folder if needed.
     *
     * @throws AuditException when another audit (this process or another) holds it, naming the holder
     */
    public static AuditLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Path key;
        try {
            Files.createDirectories(dir);
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new AuditException("cannot use " + dir + " as the audit's folder (" + (Files.exists(dir)
                    ? "it is a file" : "a part of its path is a file or cannot be created")
                    + "); choose another --out folder", e);
        }
        if (!HELD.add(key)) {
            throw new AuditException(inUse(dir, "another audit of this process, " + describeThisProcess()));
        }
        FileChannel ch = null;
        boolean locked = false;
        boolean existed = Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // not while HELD is consulted first; read as held all the same
            }
            // Another process: closing this channel (finally) cannot drop that process's lock.
            if (lock == null) throw new AuditException(inUse(dir, holder(ch)));
            byte[] me = (describeThisProcess() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
            locked = true;
            return new AuditLock(key, ch, lock, existed ? null : file);
        } catch (IOException e) {
            throw new AuditException(ReportFile.problem(file, -1, e), e);
        } finally {
            if (!locked) {
                closeQuietly(ch);
                HELD.remove(key);
            }
        }
    }

    private static String inUse(Path dir, String holder) {
        return dir + " is in use by another audit (" + holder + "): wait for it to finish, or use another --out folder";
    }

    /**
     * Empties the lock file and releases the lock. A lock file this lock made is removed when the
     * folder holds no audit ({@link AuditPlan#FILE_NAME}) after all: an audit refused for a folder of
     * other files leaves nothing of its own in it.
     */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) return; // closed already: the key may now be another audit's
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // the lock goes with the channel anyway; a holder line left behind is stale and harmless
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
        if (created != null && !Files.exists(created.resolveSibling(AuditPlan.FILE_NAME))) {
            try {
                Files.deleteIfExists(created);
            } catch (IOException ignored) {
                // an empty lock file left behind is harmless
            }
        }
        HELD.remove(key);
    }

    /** "process 1234 on host example, since 2024-...": what the lock file says, or that it says nothing yet. */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        int n = ch.read(buf, 0);
        String s = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "its process has just started" : s;
    }

    private static String describeThisProcess() {
        return "process " + ProcessHandle.current().pid() + " on host " + hostName() + ", since " + Instant.now();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
