package trm4j.data.arc;

/** The 8 dihedral transforms ({@link trm4j.data.Dihedral}) applied to ARC grids. */
public final class Dihedral {
    private Dihedral() {}

    public static int inverse(int tid) { return trm4j.data.Dihedral.inverse(tid); }

    public static ArcGrid apply(ArcGrid g, int tid) {
        if (tid == 0) return g;
        boolean swap = trm4j.data.Dihedral.swapsSides(tid);
        byte[] out = trm4j.data.Dihedral.apply(g.cells(), g.rows(), g.cols(), tid);
        return new ArcGrid(swap ? g.cols() : g.rows(), swap ? g.rows() : g.cols(), out);
    }

    public static ArcGrid applyInverse(ArcGrid g, int tid) { return apply(g, inverse(tid)); }
}
