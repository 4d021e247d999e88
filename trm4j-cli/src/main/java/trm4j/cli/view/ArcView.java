package trm4j.cli.view;

import trm4j.api.ArcSolver;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcGridView;
import trm4j.data.arc.ArcPair;
import trm4j.data.arc.ArcTask;
import trm4j.eval.ArcEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws an ARC task and the voted answers: demonstrations, then per test input the input, top answers and expected grid. */
public final class ArcView {
    private final ArcGridView grids;
    private final int shown;

    /** {@code shown}: how many voted answers to draw per test input (the submission uses 2). */
    public ArcView(boolean colour, int shown) {
        this.grids = new ArcGridView(colour);
        this.shown = shown;
    }

    public String render(ArcTask task, ArcSolver.Result r) {
        StringBuilder sb = new StringBuilder();
        ArcSolver.Plan plan = r.plan();
        sb.append("task ").append(task.id()).append(": ").append(plan.size()).append(plan.size() == 1 ? " version" : " versions")
                .append(plan.trained() ? " (augmentations from identifiers.json)" : " (not in the data set: blank puzzle embedding)")
                .append(", ").append(r.tests().size()).append(" test input").append(r.tests().size() == 1 ? "" : "s").append('\n');
        List<ArcPair> demos = task.pairs("train");
        for (int i = 0; i < demos.size(); i++) {
            sb.append('\n').append(grids.sideBySide(List.of("demo " + (i + 1) + " input", "output"),
                    List.of(demos.get(i).input(), demos.get(i).output()), 4));
        }
        for (int t = 0; t < r.tests().size(); t++) {
            ArcSolver.TestResult tr = r.tests().get(t);
            List<String> titles = new ArrayList<>(List.of("test " + (t + 1) + " input"));
            List<ArcGrid> gs = new ArrayList<>(List.of(tr.input()));
            List<ArcEvaluator.Candidate> cs = tr.candidates();
            for (int k = 0; k < Math.min(shown, cs.size()); k++) {
                ArcEvaluator.Candidate c = cs.get(k);
                boolean right = tr.expected() != null && c.grid().equals(tr.expected());
                titles.add(String.format(Locale.ROOT, "#%d %d vote%s q %.2f%s", k + 1, c.votes(), c.votes() == 1 ? "" : "s", c.meanQ(), right ? " ✓" : ""));
                gs.add(c.grid());
            }
            if (tr.expected() != null) { titles.add("expected"); gs.add(tr.expected()); }
            sb.append('\n').append(grids.sideBySide(titles, gs, 4));
            sb.append("result: ").append(verdict(tr)).append('\n');
        }
        return sb.toString();
    }

    /** "correct (answer #1)", "wrong: the expected grid is answer #k" / "not among …", or unknown. */
    public String verdict(ArcSolver.TestResult tr) {
        if (tr.expected() == null) return "no expected output in the task file";
        int k = tr.rankOfExpected();
        if (k == 1) return "correct (pass@1)";
        if (k >= 1 && k <= 2) return "correct within 2 attempts (pass@2, answer #" + k + ")";
        if (k > 0) return "wrong: the expected grid is voted answer #" + k + " of " + tr.candidates().size();
        return "wrong: the expected grid is not among the " + tr.candidates().size() + " voted answers";
    }
}
