package trm4j.data.arc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One ARC task. {@code segments} keep the JSON key order of the source ("test" before "train" in the
 * ARC-1 Kaggle files), which fixes the example order the official builder produces. {@code raw} is the
 * task object as read (test outputs attached), written back verbatim into {@code test_puzzles.json}.
 */
public record ArcTask(String id, List<Segment> segments, ObjectNode raw) {
    /** A run of pairs under one key ("train" or "test"). */
    public record Segment(String kind, List<ArcPair> pairs) {
        public boolean isTest() { return kind.equals("test"); }
    }

    public List<ArcPair> pairs(String kind) {
        List<ArcPair> out = new ArrayList<>();
        for (Segment s : segments) if (s.kind.equals(kind)) out.addAll(s.pairs);
        return out;
    }

    /** All pairs in key order. */
    public List<ArcPair> allPairs() {
        List<ArcPair> out = new ArrayList<>();
        for (Segment s : segments) out.addAll(s.pairs);
        return out;
    }
}
