package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArcGridViewTest {
    private static final ArcGrid G = ArcGrid.of(new int[][] {{0, 1}, {9, 2}});

    @Test
    void plainUsesDigitsAndDots() {
        assertEquals(". 1 \n9 2 \n", new ArcGridView(false).render(G));
    }

    @Test
    void colourUsesBackgroundPalette() {
        String s = new ArcGridView(true).render(G);
        assertEquals("\u001b[48;5;16m  \u001b[48;5;27m  \u001b[0m\n\u001b[48;5;88m  \u001b[48;5;196m  \u001b[0m\n", s);
    }

    @Test
    void sideBySidePadsShortGridsAndLongTitles() {
        ArcGrid one = ArcGrid.of(new int[][] {{3}});
        String s = new ArcGridView(false).sideBySide(List.of("in", "prediction"), List.of(G, one), 2);
        assertEquals("in    prediction\n. 1   3         \n9 2             \n", s);
        String c = new ArcGridView(true).sideBySide(List.of("a", "b"), List.of(one, one), 1);
        assertTrue(c.startsWith("a  b \n\u001b[48;5;46m  \u001b[0m \u001b[48;5;46m  \u001b[0m\n"), c);
    }
}
