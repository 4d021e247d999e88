package trm4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The official model variants (github SamsungSAILMontreal/TinyRecursiveModels, {@code config/arch/*.yaml}), each
 * stated as what differs from TRM: the carry fields (latents, each reset from its own {@code *_init} buffer), the
 * stacks it owns ({@code L_level}, {@code H_level}), the recursion schedule over them, and the halting rule. The
 * embeddings, blocks, heads, loss and ACT loop are TRM's.
 *
 * <p>Carry field 0 is the one the LM and Q heads read (z_H, or z_L for single-z).
 */
public enum Variant {
    /** {@code arch=trm}: z_L ← f(z_L + z_H + X) L_cycles times, z_H ← f(z_H + z_L); one shared L_level. */
    TRM("trm", "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1", List.of("z_H", "z_L")),
    /** {@code arch=trm_singlez}: one latent: z_L ← f(z_L + X) L_cycles times, then z_L ← f(z_L). */
    TRM_SINGLEZ("trm_singlez", "recursive_reasoning.trm_singlez@TinyRecursiveReasoningModel_ACTV1", List.of("z_L")),
    /** {@code arch=trm_hier6}: six latents; L cycle l sets z_L(l+1) ← f(Σ z_Lk + z_H + X), then z_H ← f(z_H + Σ z_Lk). */
    TRM_HIER6("trm_hier6", "recursive_reasoning.trm_hier6@TinyRecursiveReasoningModel_ACTV1",
            List.of("z_H", "z_L1", "z_L2", "z_L3", "z_L4", "z_L5", "z_L6")),
    /** {@code arch=hrm}: separate H_level and L_level stacks, one-step gradient, Q-learning halting with a bootstrapped continue target. */
    HRM("hrm", "recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1", List.of("z_H", "z_L")),
    /** {@code arch=transformers_baseline}: z_H ← H_level(z_H + X), H_layers deep, no recursion, under the same ACT loop. */
    TRANSFORMER("transformers_baseline", "recursive_reasoning.transformers_baseline@Model_ACTV2", List.of("z_H"));

    /** The {@code arch=} group name ({@code config/arch/NAME.yaml}). */
    public final String archName;
    /** The official {@code name} key: {@code recursive_reasoning.<module>@<class>}. */
    public final String officialName;
    /** The inner carry's fields in official order; field 0 feeds the heads. */
    public final List<String> latents;

    Variant(String archName, String officialName, List<String> latents) {
        this.archName = archName;
        this.officialName = officialName;
        this.latents = latents;
    }

    /** The persistent buffer a carry field is reset from: z_H → H_init, z_L3 → L3_init. */
    public static String initName(String latent) { return latent.substring(2) + "_init"; }

    /** Whether the variant has a (shared or low-level) {@code L_level} stack. */
    public boolean hasLLevel() { return this != TRANSFORMER; }

    /** Whether the variant has an {@code H_level} stack (built before L_level, as officially). */
    public boolean hasHLevel() { return this == HRM || this == TRANSFORMER; }

    /** Whether the TRM-family config keys puzzle_emb_len, no_ACT_continue apply (the others compute puzzle_emb_len). */
    public boolean trmFamily() { return this == TRM || this == TRM_SINGLEZ || this == TRM_HIER6; }

    /**
     * Training halts where q_halt &gt; q_continue (HRM, transformer baseline) rather than q_halt &gt; 0 (the TRM
     * family with no_ACT_continue).
     */
    public boolean haltsOnContinue(boolean noActContinue) { return !trmFamily() || !noActContinue; }

    /** Training computes the bootstrapped q_continue target with a second inner forward (HRM). */
    public boolean bootstrapsContinue() { return this == HRM; }

    /** The variant named by an {@code arch=} group or an official {@code name}; null when none. */
    public static Variant byName(String name) {
        if (name == null) return null;
        String s = name.strip();
        for (Variant v : values()) if (v.archName.equals(s) || v.officialName.equals(s)) return v;
        return null;
    }

    /** The accepted names, for error messages. */
    public static String known() {
        return String.join(", ", java.util.Arrays.stream(values()).map(v -> v.archName).toList());
    }

    /** Marks the input embeddings X among the terms of an {@link Apply}. */
    public static final int X = -1;

    /**
     * One application of a stack: {@code z[out] ← level(Σ state + Σ inject)}, each sum left to right over carry
     * fields ({@link #X}: the input embeddings), as the official code adds them. {@code grad}: on the gradient
     * path (the last cycle); the others run without gradient.
     */
    public record Apply(boolean hLevel, int out, int[] state, int[] inject, boolean grad) {
        /** Every term read (state, then injection). */
        public int[] terms() { return IntStream.concat(IntStream.of(state), IntStream.of(inject)).toArray(); }
    }

    /** The whole inner forward of one ACT step as applications, in order. */
    public List<Apply> schedule(int hCycles, int lCycles) {
        List<Apply> s = new ArrayList<>();
        int[] none = {};
        switch (this) {
            case TRM -> {
                for (int h = 0; h < hCycles; h++) {
                    boolean g = h == hCycles - 1;
                    for (int l = 0; l < lCycles; l++) s.add(new Apply(false, 1, new int[]{1}, new int[]{0, X}, g));
                    s.add(new Apply(false, 0, new int[]{0}, new int[]{1}, g));
                }
            }
            case TRM_SINGLEZ -> {
                for (int h = 0; h < hCycles; h++) {
                    boolean g = h == hCycles - 1;
                    for (int l = 0; l < lCycles; l++) s.add(new Apply(false, 0, new int[]{0}, new int[]{X}, g));
                    s.add(new Apply(false, 0, new int[]{0}, none, g));
                }
            }
            case TRM_HIER6 -> {
                int[] lows = {1, 2, 3, 4, 5, 6};
                for (int h = 0; h < hCycles; h++) {
                    boolean g = h == hCycles - 1;
                    for (int l = 0; l < lCycles; l++) s.add(new Apply(false, 1 + l, lows, new int[]{0, X}, g));
                    s.add(new Apply(false, 0, new int[]{0}, lows, g));
                }
            }
            case HRM -> {
                // every cycle but the very last L and H updates without gradient, then those two with it
                for (int h = 0; h < hCycles; h++) {
                    for (int l = 0; l < lCycles; l++)
                        if (h < hCycles - 1 || l < lCycles - 1) s.add(new Apply(false, 1, new int[]{1}, new int[]{0, X}, false));
                    if (h < hCycles - 1) s.add(new Apply(true, 0, new int[]{0}, new int[]{1}, false));
                }
                s.add(new Apply(false, 1, new int[]{1}, new int[]{0, X}, true));
                s.add(new Apply(true, 0, new int[]{0}, new int[]{1}, true));
            }
            case TRANSFORMER -> s.add(new Apply(true, 0, new int[]{0}, new int[]{X}, true));
        }
        return s;
    }

    @Override
    public String toString() { return archName.toLowerCase(Locale.ROOT); }
}
