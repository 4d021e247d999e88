package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.serve.ServeApiTest.*;
import static trm4j.serve.ServeFixture.*;

/**
 * The pages in a real browser (headless Chromium over the DevTools protocol): a puzzle typed into the Sudoku grid
 * and solved shows, on the step slider and the answer grid, exactly what the API returns; the runs page charts the
 * run and loads a checkpoint into the solve page. Screenshots go to target/serve-solve.png and target/serve-runs.png.
 */
class ServeBrowserTest {
    @Test
    void solvePageShowsWhatTheApiReturnsAndRunsPageLoadsACheckpoint() throws Exception {
        try (TrmServer server = server(2, 16, 1 << 16); Chromium browser = Chromium.launch()) {
            String puzzle = puzzle();
            JsonNode api = post(server, "/api/solve", solveBody("sudoku4", puzzle)).body();
            int steps = api.get("steps").size();

            browser.navigate(server.url());
            browser.waitFor(() -> browser.truthy("document.querySelectorAll('#sudoku-input input').length === 16"), "the Sudoku input grid");
            for (int i = 0; i < puzzle.length(); i++) {
                if (puzzle.charAt(i) == '.') continue;
                browser.click("#sudoku-input input[data-i='" + i + "']");
                browser.type(String.valueOf(puzzle.charAt(i)));
            }
            assertEquals(puzzle, browser.eval("document.getElementById('puzzle-text').value").asText(), "the typed grid");
            browser.click("#solve");
            browser.waitFor(() -> browser.truthy("document.getElementById('status').textContent.startsWith('solved')"), "the solve");

            assertEquals(steps, browser.eval("+document.getElementById('step-slider').max").asInt(), "slider runs over every step");
            assertEquals(steps, browser.eval("+document.getElementById('step-slider').value").asInt(), "slider starts at the last step");
            assertEquals(api.get("answer").asText(), shownGrid(browser), "final grid");
            assertEquals(ints(api.get("steps").get(steps - 1).get("wrong_cells")), marked(browser, "wrong"), "wrong cells of the final step");
            assertTrue(browser.eval("document.getElementById('final-verdict').textContent").asText().contains(api.get("verdict").asText()));
            browser.screenshot(Path.of("target", "serve-solve.png"));

            for (int k = 1; k <= steps; k++) {   // walk the slider: each step's grid and changed cells
                browser.eval("(() => { const s = document.getElementById('step-slider'); s.value = " + k + "; s.dispatchEvent(new Event('input')); })()");
                JsonNode st = api.get("steps").get(k - 1);
                assertEquals(st.get("answer").asText(), shownGrid(browser), "grid at step " + k);
                assertEquals(ints(st.get("changed_cells")), marked(browser, "changed"), "changed cells at step " + k);
                assertTrue(browser.eval("document.getElementById('step-label').textContent").asText()
                        .startsWith("step " + k + " / " + steps + " · halt " + String.format(java.util.Locale.ROOT, "%.3f", st.get("halt_probability").asDouble())));
            }
            assertTrue(Files.size(Path.of("target", "serve-solve.png")) > 5000);

            browser.navigate(server.url() + "runs");
            browser.waitFor(() -> browser.truthy("document.getElementById('run-status').textContent.includes('records')"), "the run's metrics");
            String first = new trm4j.checkpoint.CheckpointDir(runDir()).list().getFirst().getFileName().toString();
            browser.screenshot(Path.of("target", "serve-runs.png"));
            browser.click("button[data-checkpoint='" + first + "']");
            browser.waitFor(() -> browser.truthy("location.pathname === '/' && document.getElementById('model').value === 'run:sudoku4/" + first + "'"),
                    "the solve page with the loaded checkpoint");
        }
    }

    /** The digits the answer grid shows, '.' for an empty cell. */
    private static String shownGrid(Chromium b) throws Exception {
        return b.eval("[...document.querySelectorAll('#answer-grid td')].map(td => td.textContent || '.').join('')").asText();
    }

    private static List<Integer> marked(Chromium b, String cls) throws Exception {
        List<Integer> out = new ArrayList<>();
        b.eval("[...document.querySelectorAll('#answer-grid td')].map((td, i) => td.classList.contains('" + cls + "') ? i : -1).filter(i => i >= 0)")
                .forEach(n -> out.add(n.asInt()));
        return out;
    }
}
