package trm4j.tensor;

/**
 * The right operand op(B) (k × n) of many products, prepared once by {@link Gemm#pack}: for the Vector API
 * backend its panels, packed as each call would pack them; for the others the operand where it lies. It stands
 * for B as it was when packed: valid only while B's values do not change (the model packs its weights at the
 * start of each pass and drops the packs at its end).
 */
public record PackedB(boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] panels) {}
