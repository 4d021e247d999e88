package trm4j.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenBLAS {@code cblas_sgemm} through the FFM API: optional (never required), chosen with
 * {@code -Dtrm.blas=openblas}. Heap arrays are passed directly (critical downcall with heap access), so no
 * copies are made. OpenBLAS threads follow {@link Parallel#threads()}. The library is {@code
 * -Dtrm.openblas.path} when given (only that file), else the first found in the usual Debian/Ubuntu,
 * Fedora and Homebrew locations.
 */
public final class OpenBlasGemm implements GemmBackend {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private final Path library;
    private final MethodHandle sgemm;
    private final MethodHandle setThreads;   // may be null (a plain CBLAS without OpenBLAS extensions)
    private volatile int threadsSet = -1;

    private OpenBlasGemm(Path library, MethodHandle sgemm, MethodHandle setThreads) {
        this.library = library;
        this.sgemm = sgemm;
        this.setThreads = setThreads;
    }

    /** Loads OpenBLAS; throws IllegalStateException with one line naming what was tried when it cannot. */
    public static OpenBlasGemm load() {
        List<String> tried = new ArrayList<>();
        for (Path p : candidates()) {
            if (!Files.isReadable(p)) { tried.add(p.toString()); continue; }
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup(p, Arena.global());
                MemorySegment fn = lib.find("cblas_sgemm").orElse(null);
                if (fn == null) { tried.add(p + " (no cblas_sgemm)"); continue; }
                Linker linker = Linker.nativeLinker();
                var I = ValueLayout.JAVA_INT;
                var F = ValueLayout.JAVA_FLOAT;
                var A = ValueLayout.ADDRESS;
                MethodHandle sgemm = linker.downcallHandle(fn,
                        FunctionDescriptor.ofVoid(I, I, I, I, I, I, F, A, I, A, I, F, A, I),
                        Linker.Option.critical(true));
                MethodHandle nt = lib.find("openblas_set_num_threads")
                        .map(s -> linker.downcallHandle(s, FunctionDescriptor.ofVoid(I)))
                        .orElse(null);
                return new OpenBlasGemm(p, sgemm, nt);
            } catch (RuntimeException | LinkageError e) {
                tried.add(p + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("OpenBLAS not found (tried " + String.join(", ", tried)
                + "); install libopenblas0-pthread or set -Dtrm.openblas.path=/path/to/libopenblas.so.0");
    }

    private static List<Path> candidates() {
        List<Path> c = new ArrayList<>();
        String explicit = System.getProperty("trm.openblas.path");
        if (explicit != null && !explicit.isBlank()) return List.of(Path.of(explicit.trim()));   // only that one
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu/openblas-pthread", "/usr/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu/openblas-pthread", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib", "/opt/homebrew/opt/openblas/lib", "/usr/local/opt/openblas/lib"}) {
            c.add(Path.of(dir, "libopenblas.so.0"));
            c.add(Path.of(dir, "libopenblas.so"));
            c.add(Path.of(dir, "libopenblas.dylib"));
            c.add(Path.of(dir, "libcblas.so.3"));
        }
        return c;
    }

    public Path library() { return library; }

    @Override
    public String name() { return "openblas(" + library + ")"; }

    /** OpenBLAS threads internally; items of a batch are run one after the other. */
    @Override
    public boolean parallelOverBatch() { return false; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        // BLAS requires ld ≥ 1 even when the matrix is empty or a single column.
        int la = Math.max(1, lda), lb = Math.max(1, ldb), lc = Math.max(1, ldc);
        int th = Parallel.threads();
        if (th != threadsSet && setThreads != null) {
            try { setThreads.invokeExact(th); } catch (Throwable t) { throw new IllegalStateException(t); }
            threadsSet = th;
        }
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, slice(a, aOff), la, slice(b, bOff), lb, beta, slice(c, cOff), lc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed: " + t, t);
        }
    }

    private static MemorySegment slice(float[] x, int off) {
        MemorySegment s = MemorySegment.ofArray(x);
        return off == 0 ? s : s.asSlice((long) off * Float.BYTES);
    }
}
