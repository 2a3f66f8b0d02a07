package org.attentionworkbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Downloads a manifest's archive, checks it and unpacks it into the data directory.
 *
 * <p>The steps, each of which fails with a one-line {@link DatasetException} and leaves no partial
 * file behind: download to {@code <data dir>/.downloads/<file>.part} while hashing; compare the byte
 * count with the {@code Content-Length} (a short read is a truncated download, never a silently
 * shorter dataset) and with the manifest's size; compare SHA-256 (and MD5 when the manifest has one);
 * unpack into a temporary folder with {@link ArchiveUnpacker}; replace {@code <data dir>/<name>} with
 * it and write the {@link DataDirectory#COMPLETE_MARKER}. When the manifest has no sha256 the download
 * is accepted and the computed value is returned, flagged as not verified, so a maintainer can record
 * it. There is no resuming: a failed download starts again from zero.
 *
 * <p>A manifest is untrusted input (it may come from a user's folder or a mirror): before anything
 * is written or deleted, its name and archive file name must be plain names
 * ({@link DataDirectory#isPlainName}) and every path built from them is checked to stay inside the
 * data directory. The unpacked total is capped ({@link ArchiveUnpacker#defaultMaxBytes} of the
 * archive's size, or {@link #withMaxUnpackedBytes}); past it the unpack stops and nothing is kept.
 */
public final class DataFetcher {

    /** Receives download progress; called often, from the downloading thread. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param bytesDone  bytes received so far
         * @param bytesTotal expected total, or -1 when the server did not say
         */
        void progress(long bytesDone, long bytesTotal);

        /** A listener that ignores progress. */
        static ProgressListener none() {
            return (done, total) -> { };
        }
    }

    /**
     * The outcome of a fetch.
     *
     * @param folder   where the dataset was unpacked ({@code <data dir>/<name>})
     * @param bytes    size of the downloaded archive
     * @param sha256   the archive's SHA-256 as computed
     * @param verified whether it matched a sha256 given in the manifest
     * @param files    number of files unpacked
     */
    public record FetchResult(Path folder, long bytes, String sha256, boolean verified, int files) {
    }

    private static final String DOWNLOADS = ".downloads";

    private final HttpClient client;
    /** A fixed unpacked cap, or 0 for {@link ArchiveUnpacker#defaultMaxBytes} of the archive's size. */
    private final long maxUnpackedBytes;

    /** A fetcher with its own HTTP client (follows redirects, but never from HTTPS to HTTP). */
    public DataFetcher() {
        this(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build());
    }

    /** A fetcher using {@code client}, with the default unpacked cap. */
    public DataFetcher(HttpClient client) {
        this(client, 0);
    }

    private DataFetcher(HttpClient client, long maxUnpackedBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.maxUnpackedBytes = maxUnpackedBytes;
    }

    /**
     * This fetcher with a fixed cap on the unpacked total instead of the one derived from the
     * archive's size (tests use a small one so that no test writes hundreds of megabytes).
     */
    public DataFetcher withMaxUnpackedBytes(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the unpacked cap must be positive, got " + maxBytes);
        }
        return new DataFetcher(client, maxBytes);
    }

    /**
     * Downloads, verifies and unpacks {@code manifest}'s archive into {@code dataDirectory}.
     *
     * @param source   where to download from; null for the manifest's official address (a mirror
     *                 is still checked against the manifest's checksums)
     * @param listener download progress
     */
    public FetchResult fetch(DatasetManifest manifest, DataDirectory dataDirectory, URI source,
                             ProgressListener listener) throws IOException {
        DatasetManifest.Archive archive = manifest.archive();
        if (archive == null) {
            throw new DatasetException("dataset manifest " + DataDirectory.printable(manifest.name())
                    + " has no archive to download; fix the manifest");
        }
        // Every path is fixed and checked before the first byte is written or deleted.
        Path root = dataDirectory.root();
        Path folder = dataDirectory.datasetFolder(manifest.name());
        Path unpacking = DataDirectory.inside(root, "." + manifest.name() + ".unpacking", "dataset name");
        Path downloads = DataDirectory.inside(root, DOWNLOADS, "downloads folder");
        String fileName = DataDirectory.requirePlainName("archive.file_name", archive.fileName());
        Path part = DataDirectory.inside(downloads, fileName + ".part", "archive.file_name");
        URI uri = source != null ? source : uri(archive.url());
        Files.createDirectories(downloads);
        Downloaded d;
        try {
            d = download(uri, part, listener);
            check(uri, d, archive);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }

        int files;
        try {
            deleteRecursively(unpacking);
            files = maxUnpackedBytes > 0
                    ? ArchiveUnpacker.unpack(part, archive.format(), unpacking, maxUnpackedBytes, "set for this download")
                    : ArchiveUnpacker.unpack(part, archive.format(), unpacking);
            Files.writeString(unpacking.resolve(DataDirectory.COMPLETE_MARKER),
                    "url=" + uri + "\nsha256=" + d.sha256() + "\nbytes=" + d.bytes() + "\n", StandardCharsets.UTF_8);
            deleteRecursively(folder);
            Files.move(unpacking, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (DatasetException e) {
            deleteRecursively(unpacking);
            throw new DatasetException(e.getMessage() + "; nothing of it was kept"
                    + (Files.exists(folder) ? " and " + folder + " is as it was" : ""), e);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(unpacking);
            throw e;
        } finally {
            Files.deleteIfExists(part);
        }
        return new FetchResult(folder, d.bytes(), d.sha256(), archive.sha256() != null, files);
    }

    private static URI uri(String url) throws DatasetException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DatasetException("archive.url \"" + DataDirectory.printable(url)
                    + "\" is not a valid address; fix the manifest");
        }
    }

    /** What a finished download gave. */
    private record Downloaded(long bytes, long contentLength, String sha256, String md5) {
    }

    private Downloaded download(URI uri, Path target, ProgressListener listener) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("download of " + uri + " was interrupted");
        } catch (IOException e) {
            throw new DatasetException("cannot download " + uri + ": " + describe(e), e);
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        long done = 0;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new DatasetException("cannot download " + uri + ": HTTP " + response.statusCode());
            }
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[1 << 16];
                listener.progress(0, total);
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    sha256.update(buf, 0, n);
                    md5.update(buf, 0, n);
                    done += n;
                    listener.progress(done, total);
                }
            }
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            // The connection broke mid-body (the server closed it, or the network went away).
            throw new DatasetException("download of " + uri + " truncated: received " + done + " of "
                    + (total >= 0 ? total + " bytes" : "an unknown number of bytes") + " (" + describe(e) + ")", e);
        }
        return new Downloaded(done, total, HexFormat.of().formatHex(sha256.digest()),
                HexFormat.of().formatHex(md5.digest()));
    }

    private static void check(URI uri, Downloaded d, DatasetManifest.Archive archive) throws DatasetException {
        if (d.contentLength() >= 0 && d.bytes() != d.contentLength()) {
            throw new DatasetException("download of " + uri + " truncated: received " + d.bytes() + " of "
                    + d.contentLength() + " bytes; the partial file was deleted, try again");
        }
        if (archive.sizeBytes() != null && d.bytes() != archive.sizeBytes()) {
            throw new DatasetException("size mismatch for " + uri + ": expected " + archive.sizeBytes()
                    + " bytes, got " + d.bytes() + "; the file was deleted");
        }
        if (archive.sha256() != null && !archive.sha256().equalsIgnoreCase(d.sha256())) {
            throw new DatasetException("checksum mismatch for " + uri + ": expected sha256 " + archive.sha256()
                    + ", got " + d.sha256() + "; the file was deleted (a changed or corrupted download; "
                    + "do not use it)");
        }
        if (archive.md5() != null && !archive.md5().equalsIgnoreCase(d.md5())) {
            throw new DatasetException("checksum mismatch for " + uri + ": expected md5 " + archive.md5()
                    + ", got " + d.md5() + "; the file was deleted");
        }
    }

    /** What went wrong in words; the user sees this, so never a Java class name. */
    private static String describe(IOException e) {
        String what;
        if (e instanceof java.net.http.HttpTimeoutException) {
            what = "timed out";
        } else if (e instanceof java.net.ConnectException) {
            what = "cannot connect";
        } else if (e instanceof java.net.UnknownHostException) {
            what = "unknown host";
        } else {
            what = "connection failed";
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? what : what + ": " + msg.replace('\n', ' ');
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    /** Deletes a folder tree without following symbolic links. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
