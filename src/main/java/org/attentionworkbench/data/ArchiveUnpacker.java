package org.attentionworkbench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks {@code tar.gz} and {@code zip} archives into a folder without ever writing outside it.
 * An entry whose name is absolute, has a drive letter or a {@code ..} segment, or a link whose
 * target lies outside the folder, aborts the unpack with a {@link DatasetException}: a dataset
 * archive has no business doing that, so it is treated as hostile rather than silently skipped.
 * Links that stay inside are not created either (the readers do not need them, and not creating them
 * means no later entry can be written through one). Zip symlinks are invisible to
 * {@link ZipInputStream} and are written as small regular files, which cannot escape.
 */
public final class ArchiveUnpacker {

    private ArchiveUnpacker() {
    }

    /**
     * Unpacks {@code archive} into {@code target} (created if needed).
     *
     * @param format {@code tar.gz} or {@code zip}
     * @return the number of regular files written
     */
    public static int unpack(Path archive, String format, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            return switch (format) {
                case "tar.gz", "tgz" -> unpackTarGz(in, target);
                case "zip" -> unpackZip(in, target);
                default -> throw new DatasetException("unsupported archive format \"" + format
                        + "\" (supported: tar.gz, zip)");
            };
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DatasetException("cannot unpack " + archive + ": corrupt or truncated archive ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Unpacks a gzip-compressed tar stream. */
    static int unpackTarGz(InputStream in, Path target) throws IOException {
        TarReader tar = new TarReader(new GZIPInputStream(in, 1 << 16));
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
            Path dest = safeResolve(root, e.name());
            if (e.isLink()) {
                checkLink(root, e, dest);
            } else if (e.isDirectory()) {
                Files.createDirectories(dest);
            } else if (e.isFile()) {
                write(tar.data(), dest);
                files++;
            }
            // Devices, FIFOs and other special entries are never created.
        }
        return files;
    }

    /** Unpacks a zip stream. */
    static int unpackZip(InputStream in, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path dest = safeResolve(root, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                } else {
                    write(zip, dest);
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

    private static void checkLink(Path root, TarReader.Entry e, Path dest) throws DatasetException {
        String link = e.linkName().replace('\\', '/');
        // Symlinks resolve against their own folder, hard links against the archive root.
        Path base = e.type() == '2' ? dest.getParent() : root;
        Path resolved = link.startsWith("/") || link.matches("^[A-Za-z]:.*")
                ? Path.of(link).normalize() : base.resolve(link).normalize();
        if (!resolved.startsWith(root)) {
            throw unsafe(e.name(), "link to \"" + e.linkName() + "\" points outside the target folder");
        }
    }

    private static void write(InputStream data, Path dest) throws IOException {
        Files.createDirectories(dest.getParent());
        Files.copy(data, dest, StandardCopyOption.REPLACE_EXISTING);
    }

    private static DatasetException unsafe(String name, String why) {
        return new DatasetException("refusing to unpack unsafe archive entry \"" + name + "\": " + why);
    }
}
