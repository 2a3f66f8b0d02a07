package org.attentionworkbench.data;

import java.util.Arrays;
import java.util.Locale;

/** The on-disk formats the readers understand, with the ids used in manifests. */
public enum DatasetFormat {
    /** {@code label<TAB>text}, plain or gzip. */
    LABEL_TSV("label-tsv"),
    /** {@code group<TAB>msgnum<TAB>text}, plain or gzip. */
    NEWSGROUPS_TSV("newsgroups-tsv"),
    /** CSV with a header naming {@code text} and {@code label} columns. */
    CSV("csv"),
    /** SST PTB trees, five root classes. */
    SST_TREES("sst-trees"),
    /** SST PTB trees, binary (neutral dropped). */
    SST_TREES_BINARY("sst-trees-binary"),
    /** {@code aclImdb/{train,test}/{neg,pos}/<id>_<rating>.txt}. */
    ACL_IMDB_FOLDER("aclimdb-folder"),
    /** {@code 20news-bydate-train/<group>/<msgnum>} (and -test). */
    NEWSGROUPS_FOLDER("newsgroups-folder");

    private final String id;

    DatasetFormat(String id) {
        this.id = id;
    }

    /** The name used in manifests, e.g. {@code label-tsv}. */
    public String id() {
        return id;
    }

    /** A reader for this format. */
    public DatasetReader reader() {
        return switch (this) {
            case LABEL_TSV -> new LabelledTsvReader();
            case NEWSGROUPS_TSV -> new NewsgroupsTsvReader();
            case CSV -> new CsvReader();
            case SST_TREES -> new SstTreeReader(SstTreeReader.Granularity.FINE);
            case SST_TREES_BINARY -> new SstTreeReader(SstTreeReader.Granularity.BINARY);
            case ACL_IMDB_FOLDER -> new AclImdbFolderReader();
            case NEWSGROUPS_FOLDER -> new NewsgroupsFolderReader();
        };
    }

    /**
     * The format with this manifest id.
     *
     * @throws IllegalArgumentException naming the known ids when there is none
     */
    public static DatasetFormat fromId(String id) {
        for (DatasetFormat f : values()) {
            if (f.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown dataset format \"" + id + "\"; known: "
                + Arrays.stream(values()).map(DatasetFormat::id).toList());
    }
}
