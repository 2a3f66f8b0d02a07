package org.attentionworkbench.cli;

import org.attentionworkbench.text.TokenLimit;
import picocli.CommandLine.Option;

/**
 * {@code --max-tokens}, shared by every command that reads texts with a model (predict, explain,
 * evaluate, audit): the long-text rule of {@link TokenLimit}, lowered where a user asks. Add it with
 * {@code @Mixin TokenLimitOption maxTokens;}, check {@link #limit()} before any work and
 * read texts with {@code model.withTokenLimit(limit)}.
 */
final class TokenLimitOption {

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + TokenLimit.MAX_TOKENS,
            description = "Read at most the first N tokens of each text, 1 to " + TokenLimit.MAX_TOKENS
                    + " (default ${DEFAULT-VALUE}; a note says when a text is cut). The ceiling keeps an explanation"
                    + " under 2 GB of memory; e.g. 400, the shipped models' training length, reads texts as they"
                    + " were trained.")
    int maxTokens;

    /** The limit asked for. @throws UserException outside 1 to {@link TokenLimit#MAX_TOKENS} */
    TokenLimit limit() {
        OptionCheck.range("--max-tokens", maxTokens, 1, TokenLimit.MAX_TOKENS,
                "the most tokens of one text the workbench reads, so that memory stays bounded");
        return new TokenLimit(maxTokens);
    }
}
