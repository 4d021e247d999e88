package trm4j.model;

import trm4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a variant's recursion schedule ({@link Variant#schedule}) over its carry fields: every application
 * {@code z[out] ← level(Σ state + Σ inject)}, the gradient-free ones in a scratch cache, the gradient ones each in
 * its own cache; and back-propagates through the gradient ones: each application's input gradient goes to the
 * input embeddings X and to the gradient applications that produced the fields it read (fields from the carry
 * or from the gradient-free cycles are constants, as the official {@code torch.no_grad()} / {@code detach()}).
 */
final class Recursion {
    private final TrmModel m;
    final List<Variant.Apply> schedule;
    final List<Variant.Apply> gradApplies = new ArrayList<>();
    /** For gradient application k and each of its terms: the gradient application that produced it, −1 if none. */
    private final int[][] producers;

    Recursion(TrmModel m) {
        this.m = m;
        schedule = m.variant.schedule(m.config.H_cycles(), m.config.L_cycles());
        for (Variant.Apply a : schedule) if (a.grad()) gradApplies.add(a);
        if (gradApplies.isEmpty() || gradApplies.getLast().out() != 0)
            throw new IllegalStateException(m.variant + ": the last application must produce carry field 0");
        producers = new int[gradApplies.size()][];
        for (int k = 0; k < producers.length; k++) {
            int[] terms = gradApplies.get(k).terms();
            producers[k] = new int[terms.length];
            for (int t = 0; t < terms.length; t++) {
                producers[k][t] = -1;
                for (int j = k - 1; j >= 0 && terms[t] != Variant.X; j--)
                    if (gradApplies.get(j).out() == terms[t]) { producers[k][t] = j; break; }
            }
        }
    }

    /** The whole schedule for batch items [b0, b1); X is in ws.x. */
    // z: carry fields, each [B, S, D]
    void forward(Workspace ws, float[][] z, int b0, int b1) {
        int o = b0 * m.seq * m.hidden, n = (b1 - b0) * m.seq * m.hidden, k = 0;
        for (Variant.Apply a : schedule) {
            Workspace.Application app = a.grad() ? ws.apps[k++] : a.hLevel() ? ws.scratchH : ws.scratch;
            if (a.inject().length == 0) sum(ws, z, a.state(), app.u, false, o, n);
            else Ops.add(sum(ws, z, a.state(), ws.sumS, true, o, n), o, sum(ws, z, a.inject(), ws.sumI, true, o, n), o, app.u, o, n);
            System.arraycopy(m.blocks(m.level(a.hLevel()), app, b0, b1), o, z[a.out()], o, n);
            if (ws.trace != null) ws.trace.add(z[a.out()].clone());
        }
    }

    /** Σ terms left to right over items [o, o + n), written to dst; a single term is returned itself when {@code alias}. */
    private static float[] sum(Workspace ws, float[][] z, int[] terms, float[] dst, boolean alias, int o, int n) {
        float[] first = term(ws, z, terms[0]);
        if (terms.length == 1 && alias) return first;
        System.arraycopy(first, o, dst, o, n);
        for (int t = 1; t < terms.length; t++) Ops.addInPlace(dst, o, term(ws, z, terms[t]), o, n);
        return dst;
    }

    private static float[] term(Workspace ws, float[][] z, int t) { return t == Variant.X ? ws.x : z[t]; }

    /** From dz (the gradient w.r.t. carry field 0 as the heads read it) to ws.dx, the gradient w.r.t. X. */
    // dz: [B, S, D]
    void backward(Workspace ws, float[] dz) {
        int n = ws.batch * m.seq * m.hidden, K = gradApplies.size();
        for (int k = 0; k < K - 1; k++) java.util.Arrays.fill(ws.gOut[k], 0, n, 0f);
        System.arraycopy(dz, 0, ws.gOut[K - 1], 0, n);
        java.util.Arrays.fill(ws.dx, 0f);
        for (int k = K - 1; k >= 0; k--) {
            Variant.Apply a = gradApplies.get(k);
            float[] du = m.applyBackward(ws, m.level(a.hLevel()), ws.apps[k], ws.gOut[k]);
            int[] terms = a.terms();
            for (int t = 0; t < terms.length; t++) {
                if (terms[t] == Variant.X) Ops.addInPlace(ws.dx, 0, du, 0, n);
                else if (producers[k][t] >= 0) Ops.addInPlace(ws.gOut[producers[k][t]], 0, du, 0, n);
            }
        }
    }
}
