package trm4j.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PuzzleCsvTest {
    @Test
    void splitsAndQuotesAsPythonsCsvModule() {
        assertEquals(List.of("a,b", "S \"x\" G", "", "1"), PuzzleCsv.split("\"a,b\",\"S \"\"x\"\" G\",,1\r"));
        assertNull(PuzzleCsv.split("\"open,q,a,1"), "an unclosed quote is an error, not a field running to the end");
        for (String s : List.of("plain", "a,b", "say \"hi\"", "cr\r", "lf\n"))
            assertEquals(s, PuzzleCsv.split(PuzzleCsv.quote(s) + ",x").getFirst(), s);
        assertEquals("plain", PuzzleCsv.quote("plain"));
        assertTrue(PuzzleCsv.isHeader("\uFEFF Source, QUESTION,answer,rating"));
        assertFalse(PuzzleCsv.isHeader("source,question,answer"));
    }
}
