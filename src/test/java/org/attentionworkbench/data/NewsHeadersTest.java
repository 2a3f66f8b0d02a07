package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The header block of collapsed 20 Newsgroups messages (texts as in the shared TSV). */
class NewsHeadersTest {

    @Test
    void theBlockEndsAtLinesAndTheOneWordFieldsAfterIt() {
        assertEquals("There's a lot of whining about how much players are overpaid.", NewsHeaders.strip(
                "From: thf2@kimbark.uchicago.edu (Ted Frank) Subject: Players Overpaid? Article-I.D.: midway.1993Apr5"
                        + " Reply-To: thf2@midway.uchicago.edu Organization: University of Chicago Lines: 42"
                        + " There's a lot of whining about how much players are overpaid."));
        assertEquals("I heard that Eli is selling the team.", NewsHeaders.strip(
                "From: admiral@jhu.edu (Steve C Liu) Subject: Re: Bring on the O's Organization: JHU Lines: 39"
                        + " Distribution: world NNTP-Posting-Host: jhunix.hcf.jhu.edu Reply-To: Steve Liu <admiral@jhu.edu>"
                        + " I heard that Eli is selling the team."));
    }

    @Test
    void aFreeTextFieldAfterLinesIsKeptForItsEndIsUnknown() {
        assertEquals("Summary: Root for the Orioles... I heard", NewsHeaders.strip(
                "From: a@b.edu Subject: x Lines: 3 Summary: Root for the Orioles... I heard"));
    }

    @Test
    void textWithoutAHeaderBlockOrWithoutLinesIsLeftAlone() {
        assertEquals("Great movie. Lines: 4 were quoted", NewsHeaders.strip("Great movie. Lines: 4 were quoted"));
        String noLines = "From: jfb@cci632.cci.com (John Bruno) Subject: MS-Windows access Organization: CCI We are developing";
        assertEquals(noLines, NewsHeaders.strip(noLines));
        assertEquals("", NewsHeaders.strip("From: a@b.c Subject: Re: nothing Lines: 0"));
    }
}
