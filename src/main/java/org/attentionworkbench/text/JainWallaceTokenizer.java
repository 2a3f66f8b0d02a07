package org.attentionworkbench.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jain &amp; Wallace's (2019) text preprocessing, {@code cleaner()} of their
 * {@code preprocess/vectorizer.py}: white space collapsed, the text split by spaCy's English
 * tokenizer, every token lower-cased, and every token holding a digit replaced by {@code qqq}.
 * (Their {@code Vectorizer} then splits that on single spaces and reads {@code <SOS>} tokens
 * {@code <EOS>}; the markers are added by the model, not here.)
 *
 * <p>spaCy's tokenizer is approximated by its rules, without spaCy (docs/import.md lists the
 * differences): the text is split on white space; from each piece, prefixes (opening punctuation,
 * quotes, currency signs, {@code ...}) and suffixes (closing punctuation, quotes, {@code 's}, a
 * period after a lower-case letter, digit or two capitals) are split off, outside in, until a
 * special case or nothing is left; what remains is split at infixes (hyphens and commas between
 * letters, {@code :<>=/} between a letter or digit and a letter, {@code ...}, arithmetic signs
 * between digits). Special cases kept as spaCy's tokenizer exceptions do: contractions
 * ({@code don't -> do n't}, {@code can't -> ca n't}, {@code i'm -> i 'm}, {@code dont -> do nt},
 * {@code gonna -> gon na}, {@code cannot -> can not}), abbreviations with periods ({@code e.g.},
 * {@code u.s.}, {@code mr.}, {@code etc.}), common emoticons ({@code :)}, {@code :-(}, {@code <3})
 * and URLs stay one token. Stateless and thread-safe.
 */
public final class JainWallaceTokenizer {

    /** What {@code cleaner()} writes for any token with a digit in it. */
    public static final String NUMBER = "qqq";

    private static final Pattern SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String QUOTES = "'\"\u201d\u201c`\u2018\u00b4\u2019\u201a,\u201e\u00bb\u00ab";
    private static final String PUNCT = "\u2026,:;!?\u00bf\u00a1()\\[\\]{}<>_#*&";
    private static final String CURRENCY = "$\u00a3\u20ac\u00a5\u0e3f";
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:\\.\\.+|[\u00a7%=\u2014\u2013" + PUNCT + QUOTES + CURRENCY + "]|\\+(?![0-9]))");
    private static final Pattern SUFFIX = Pattern.compile(
            "(?:\\.\\.+|['\u2019][sS]|[\u2014\u2013" + PUNCT + QUOTES + "]|(?<=[0-9])\\+|(?<=[0-9])[" + CURRENCY + "%]"
                    + "|(?<=[0-9a-z%\u00b2\\-+" + QUOTES + "])\\.|(?<=[A-Z][A-Z])\\.)$");
    private static final Pattern INFIX = Pattern.compile(
            "\\.\\.+|\u2026|(?<=[0-9])[+\\-*^](?=[0-9-])|(?<=[a-z])\\.(?=[A-Z])|(?<=[a-zA-Z]),(?=[a-zA-Z])"
                    + "|(?<=[a-zA-Z])(?:---|--|-|\u2013|\u2014|~)(?=[a-zA-Z])|(?<=[a-zA-Z0-9])[:<>=/](?=[a-zA-Z])");
    private static final Pattern URL = Pattern.compile("^(?:(?:https?|ftp)://|www\\.)\\S+$", Pattern.CASE_INSENSITIVE);
    /** Letters with periods, e.g. e.g. i.e. u.s. a.m. */
    private static final Pattern INITIALS = Pattern.compile("^(?:[a-zA-Z]\\.){2,}$");
    private static final Pattern NEGATION = Pattern.compile("^([a-zA-Z]+)(n['\u2019]t)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLITIC = Pattern.compile("^([a-zA-Z]+)(['\u2019](?:re|ve|ll|d|m))$",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "etc.",
            "jr.", "sr.", "inc.", "ltd.", "co.", "corp.", "mt.", "prof.", "gov.", "sen.", "rep.", "jan.", "feb.",
            "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "no.", "vol.");
    private static final Set<String> EMOTICONS = Set.of(":)", ":(", ":-)", ":-(", ";)", ";-)", ":d", ":p", ":-d",
            ":-p", ":/", ":'(", "<3", "=)", "(:", "):", ":o", ":-o", "xd", "^_^", "-_-", ":|", "o.o", "o_o");
    /** spaCy's special cases written without an apostrophe. */
    private static final Map<String, List<String>> SPECIAL = Map.ofEntries(
            Map.entry("dont", List.of("do", "nt")), Map.entry("doesnt", List.of("does", "nt")),
            Map.entry("didnt", List.of("did", "nt")), Map.entry("isnt", List.of("is", "nt")),
            Map.entry("arent", List.of("are", "nt")), Map.entry("wasnt", List.of("was", "nt")),
            Map.entry("werent", List.of("were", "nt")), Map.entry("havent", List.of("have", "nt")),
            Map.entry("hasnt", List.of("has", "nt")), Map.entry("hadnt", List.of("had", "nt")),
            Map.entry("couldnt", List.of("could", "nt")), Map.entry("shouldnt", List.of("should", "nt")),
            Map.entry("wouldnt", List.of("would", "nt")), Map.entry("cant", List.of("ca", "nt")),
            Map.entry("wont", List.of("wo", "nt")), Map.entry("aint", List.of("ai", "nt")),
            Map.entry("im", List.of("i", "m")), Map.entry("ive", List.of("i", "ve")),
            Map.entry("cannot", List.of("can", "not")), Map.entry("gonna", List.of("gon", "na")),
            Map.entry("gotta", List.of("got", "ta")), Map.entry("wanna", List.of("wan", "na")),
            Map.entry("can't", List.of("ca", "n't")), Map.entry("won't", List.of("wo", "n't")),
            Map.entry("ain't", List.of("ai", "n't")), Map.entry("shan't", List.of("sha", "n't")));

    /** Tokenises as {@code cleaner()} does; null, empty or blank text gives no tokens. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        String s = SPACE.matcher(text.strip()).replaceAll(" ");
        if (s.isEmpty()) return out;
        List<String> raw = new ArrayList<>();
        for (String piece : s.split(" ")) {
            if (!piece.isEmpty()) split(piece, raw);
        }
        for (String t : raw) out.add(hasDigit(t) ? NUMBER : t.toLowerCase(Locale.ROOT));
        return out;
    }

    /** Python's {@code any(char.isdigit() for char in word)}. */
    private static boolean hasDigit(String t) {
        return t.codePoints().anyMatch(Character::isDigit);
    }

    /** One white-space-free piece, as spaCy's tokenizer splits it: affixes outside in, then infixes. */
    private static void split(String piece, List<String> out) {
        Deque<String> suffixes = new ArrayDeque<>();
        String s = piece;
        while (!s.isEmpty()) {
            if (special(s, out)) {
                s = "";
                break;
            }
            Matcher p = PREFIX.matcher(s);
            if (p.find() && p.end() < s.length() + 1 && p.end() > 0) {
                out.add(s.substring(0, p.end()));
                s = s.substring(p.end());
                continue;
            }
            Matcher x = SUFFIX.matcher(s);
            if (x.find() && x.start() > 0) {
                suffixes.push(s.substring(x.start()));
                s = s.substring(0, x.start());
                continue;
            }
            if (x.find(0) && x.start() == 0) { // the whole rest is one suffix character
                suffixes.push(s);
                s = "";
                break;
            }
            infixes(s, out);
            s = "";
        }
        while (!suffixes.isEmpty()) out.add(suffixes.pop());
    }

    /** A special case (contraction, abbreviation, emoticon, URL): its tokens added, true. */
    private static boolean special(String s, List<String> out) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (EMOTICONS.contains(lower) || ABBREVIATIONS.contains(lower) || INITIALS.matcher(s).matches()
                || URL.matcher(s).matches()) {
            out.add(s);
            return true;
        }
        List<String> sp = SPECIAL.get(lower.replace('\u2019', '\''));
        if (sp != null) {
            // Keep the original letters (lower-cased later); the pieces' lengths follow the table.
            int at = 0;
            String plain = s.replace('\u2019', '\'');
            for (String t : sp) {
                out.add(plain.substring(at, at + t.length()));
                at += t.length();
            }
            return true;
        }
        Matcher n = NEGATION.matcher(s);
        if (n.matches()) {
            out.add(n.group(1));
            out.add(n.group(2));
            return true;
        }
        Matcher c = CLITIC.matcher(s);
        if (c.matches()) {
            out.add(c.group(1));
            out.add(c.group(2));
            return true;
        }
        return false;
    }

    private static void infixes(String s, List<String> out) {
        Matcher m = INFIX.matcher(s);
        int at = 0;
        while (m.find()) {
            if (m.start() == 0 && m.end() == 0) continue;
            if (m.start() > at) out.add(s.substring(at, m.start()));
            if (m.end() > m.start()) out.add(s.substring(m.start(), m.end()));
            at = m.end();
        }
        if (at < s.length()) out.add(s.substring(at));
    }
}
