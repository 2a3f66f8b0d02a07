package org.attentionworkbench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Unpacks {@code tar.gz} and {@code zip} archives into a folder without ever writing outside it.
 * Tar is read by Commons Compress (ustar, GNU and pax names, checksums verified); what may be written
 * is decided here, entry by entry, before anything of it touches the disk.
 * An entry whose name is absolute, has a drive letter or a {@code ..} segment, or a link whose
 * target lies outside the folder, aborts the unpack with a {@link DatasetException}: a dataset
 * archive has no business doing that, so it is treated as hostile rather than silently skipped.
 * Links that stay inside are not created either (the readers do not need them, and not creating them
 * means no later entry can be written through one). Zip symlinks are invisible to
 * {@link ZipInputStream} and are written as small regular files, which cannot escape.
 *
 * <p>The unpacked total is capped ({@link #defaultMaxBytes}): a few megabytes of gzip can hold
 * gigabytes of zeros, and a manifest without a sha256 accepts whatever the server sends. A tar entry
 * whose declared size exceeds what is left of the cap is refused from its header, before any of its
 * bytes are written; otherwise (zip entries of unknown size, many entries) the unpack stops as soon
 * as the bytes written pass the cap.
 * After a refusal {@code target} may hold part of the archive: the caller deletes it (as
 * {@link DataFetcher} does; nothing there is marked complete).
 */
public final class ArchiveUnpacker {

    /** The unpacked total allowed per byte of archive (text compresses 3 to 10 times). */
    public static final long RATIO = 20;
    /** The smallest unpacked cap, whatever the archive's size. */
    public static final long MIN_MAX_BYTES = 256L << 20;

    private ArchiveUnpacker() {
    }

    /**
     * The unpacked cap for an archive of {@code archiveBytes}: {@link #RATIO} times its size, at least
     * {@link #MIN_MAX_BYTES}.
     */
    public static long defaultMaxBytes(long archiveBytes) {
        long scaled = archiveBytes > Long.MAX_VALUE / RATIO ? Long.MAX_VALUE : archiveBytes * RATIO;
        return Math.max(MIN_MAX_BYTES, scaled);
    }

    /**
     * Unpacks {@code archive} into {@code target} (created if needed), capped at
     * {@link #defaultMaxBytes} of the archive's size.
     *
     * @param format {@code tar.gz} or {@code zip}
     * @return the number of regular files written
     */
    public static int unpack(Path archive, String format, Path target) throws IOException {
        long size = Files.size(archive);
        return unpack(archive, format, target, defaultMaxBytes(size),
                RATIO + " times the archive's " + bytes(size) + ", at least " + bytes(MIN_MAX_BYTES));
    }

    /**
     * Unpacks {@code archive} into {@code target} (created if needed), writing at most
     * {@code maxBytes} in all.
     *
     * @param format   {@code tar.gz} or {@code zip}
     * @param maxBytes the cap on the unpacked total
     * @param capRule  how the cap was chosen, for the message (may be null)
     * @return the number of regular files written
     * @throws DatasetException when the archive holds more than {@code maxBytes}, or an unsafe entry
     */
    public static int unpack(Path archive, String format, Path target, long maxBytes, String capRule)
            throws IOException {
        Files.createDirectories(target);
        Budget budget = new Budget(archive, maxBytes, capRule);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return switch (format) {
                case "tar.gz", "tgz" -> unpackTarGz(in, target, budget);
                case "zip" -> unpackZip(in, target, budget);
                default -> throw new DatasetException("unsupported archive format \"" + format
                        + "\" (supported: tar.gz, zip)");
            };
        } catch (java.util.zip.ZipException | java.io.EOFException | CorruptArchiveException e) {
            throw new DatasetException("cannot unpack " + archive + ": corrupt or truncated archive ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Unpacks a gzip-compressed tar stream. */
    static int unpackTarGz(InputStream in, Path target, Budget budget) throws IOException {
        TarArchiveInputStream tar = new ChecksummedTar(new GZIPInputStream(in, 1 << 16));
        InputStream data = new TarData(tar);
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        for (TarArchiveEntry e = nextEntry(tar); e != null; e = nextEntry(tar)) {
            Path dest = safeResolve(root, e.getName());
            if (e.isSymbolicLink() || e.isLink()) {
                checkLink(root, e, dest);
            } else if (e.isDirectory()) {
                Files.createDirectories(dest);
            } else if (isRegularFile(e)) {
                budget.declared(e.getName(), e.getSize()); // refused from the header: nothing of it is written
                write(data, dest, budget, e.getName());
                files++;
            }
            // Devices, FIFOs and other special entries are never created.
        }
        return files;
    }

    /**
     * Regular files only: {@code '0'}, the old {@code NUL} and contiguous {@code '7'}. (Commons
     * Compress's own {@code isFile()} also says yes to types it does not know.)
     */
    private static boolean isRegularFile(TarArchiveEntry e) {
        byte type = e.getLinkFlag();
        return type == TarArchiveEntry.LF_NORMAL || type == TarArchiveEntry.LF_OLDNORM
                || type == TarArchiveEntry.LF_CONTIG;
    }

    /** The next entry; a header Commons Compress cannot parse is a corrupt archive, not an I/O failure. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (java.io.EOFException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptArchiveException(e);
        }
    }

    /** The current tar entry's bytes; a stream that ends early or breaks is reported as corrupt. */
    private static final class TarData extends java.io.FilterInputStream {
        TarData(TarArchiveInputStream tar) {
            super(tar);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (java.io.EOFException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                throw new CorruptArchiveException(e);
            }
        }

        @Override
        public void close() {
            // The archive stream stays open for the next entry.
        }
    }

    /**
     * A tar stream whose header checksums are verified (Commons Compress reads a header with a wrong
     * checksum as it stands), so that a corrupt or non-tar stream inside the gzip fails at its first
     * header with a clear message instead of unpacking garbage. Every header record passes through
     * {@link #isEOFRecord}; data blocks do not.
     */
    private static final class ChecksummedTar extends TarArchiveInputStream {
        ChecksummedTar(InputStream in) {
            super(in, "UTF-8");
        }

        @Override
        protected boolean isEOFRecord(byte[] record) {
            if (super.isEOFRecord(record)) return true;
            if (!TarUtils.verifyCheckSum(record)) {
                // isEOFRecord may not throw IOException; nextEntry turns this into a corrupt archive.
                throw new IllegalArgumentException("not a tar archive or corrupt tar header (checksum mismatch)");
            }
            return false;
        }
    }

    /** A damaged archive, as opposed to a failure to write the unpacked files. */
    private static final class CorruptArchiveException extends IOException {
        CorruptArchiveException(Exception cause) {
            super(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Unpacks a zip stream. */
    static int unpackZip(InputStream in, Path target, Budget budget) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    Path dest = safeResolve(root, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                } else {
                    budget.declared(e.getName(), e.getSize()); // -1 (unknown) is counted while writing
                    write(zip, dest, budget, e.getName());
                    files++;
                }
            }
        }
        return files;
    }

    /**
     * The path of an archive entry inside {@code root}.
     *
     * @throws DatasetException if the name is absolute or climbs out with {@code ..}
     */
    static Path safeResolve(Path root, String entryName) throws DatasetException {
        String name = entryName.replace('\\', '/'); // a Windows-made archive may use either separator
        if (name.isEmpty() || name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw unsafe(entryName, "absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw unsafe(entryName, "path contains \"..\"");
            }
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
            throw unsafe(entryName, "resolves outside the target folder");
        }
        return dest;
    }

    private static void checkLink(Path root, TarArchiveEntry e, Path dest) throws DatasetException {
        String link = e.getLinkName().replace('\\', '/');
        // Symlinks resolve against their own folder, hard links against the archive root.
        Path base = e.isSymbolicLink() ? dest.getParent() : root;
        Path resolved = link.startsWith("/") || link.matches("^[A-Za-z]:.*")
                ? Path.of(link).normalize() : base.resolve(link).normalize();
        if (!resolved.startsWith(root)) {
            throw unsafe(e.getName(), "link to \"" + e.getLinkName() + "\" points outside the target folder");
        }
    }

    private static void write(InputStream data, Path dest, Budget budget, String entryName) throws IOException {
        Files.createDirectories(dest.getParent());
        try (OutputStream out = Files.newOutputStream(dest)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = data.read(buf)) >= 0; ) {
                budget.written(entryName, n); // before the write, so the cap is never passed on disk
                out.write(buf, 0, n);
            }
        }
    }

    /** What is left of one unpack's caps. */
    static final class Budget {
        private final Path archive;
        private final long maxBytes;
        private final String rule;
        private long written;

        Budget(Path archive, long maxBytes, String rule) {
            this.archive = archive;
            this.maxBytes = maxBytes;
            this.rule = rule;
        }

        void declared(String entryName, long size) throws DatasetException {
            if (size > 0 && size > maxBytes - written) {
                throw tooBig(entryName, "declares " + bytes(size));
            }
        }

        void written(String entryName, long n) throws DatasetException {
            if (n > maxBytes - written) {
                throw tooBig(entryName, "passes the cap while being unpacked");
            }
            written += n;
        }

        private DatasetException tooBig(String entryName, String what) {
            return new DatasetException("refusing to unpack " + archive.getFileName() + ": it unpacks to more than "
                    + bytes(maxBytes) + " (the cap" + (rule == null ? "" : ": " + rule) + "); entry \""
                    + DataDirectory.printable(entryName) + "\" " + what + " after " + bytes(written)
                    + " (a decompression bomb or the wrong file; check where it came from)");
        }
    }

    /** A byte count for messages: {@code 256 MiB (268,435,456 bytes)}. */
    static String bytes(long n) {
        String exact = String.format(Locale.ROOT, "%,d bytes", n);
        if (n < 1024) {
            return exact;
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%s)", v, units[u], exact).replace(".0 ", " ");
    }

    private static DatasetException unsafe(String name, String why) {
        return new DatasetException("refusing to unpack unsafe archive entry \"" + name + "\": " + why);
    }
}
