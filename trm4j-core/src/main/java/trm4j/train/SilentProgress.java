package trm4j.train;

import java.util.Map;

/** Reports nothing. */
final class SilentProgress implements Progress {
    static final SilentProgress INSTANCE = new SilentProgress();

    private SilentProgress() {}

    @Override
    public void update(long step, long total, Map<String, Double> stats) {}
}
