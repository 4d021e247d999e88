package trm4j.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Open MPI's {@code MPI_COMM_WORLD} through the FFM API ({@code java.lang.foreign}) on {@code libmpi.so}: no JNI,
 * no Java bindings to build. Open MPI's handles are addresses of global symbols ({@code MPI_COMM_WORLD} is
 * {@code &ompi_mpi_comm_world}, {@code MPI_BYTE} is {@code &ompi_mpi_byte}, …), so they are looked up by symbol.
 * Data travels as {@code MPI_BYTE} through native staging buffers (heap arrays are copied in and out; MPI may
 * block in a collective for as long as the slowest rank, which a critical heap-access downcall must not).
 * Errors use MPI's default handler, {@code MPI_ERRORS_ARE_FATAL}: a failed collective ends the whole job.
 *
 * <p>The library is {@code TRM_MPI_LIB} when set, else {@code libmpi.so.40} (Open MPI 3–5), else {@code
 * libmpi.so}. It is opened with {@code RTLD_GLOBAL} first, as Open MPI's dlopen'ed components need its symbols.
 */
public final class Mpi implements Comm {
    private static final Linker LINKER = Linker.nativeLinker();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment commWorld, byteType, floatType, sumOp;
    private final MethodHandle allgather, alltoall, bcast, barrier, abort, finalizeFn, allreduce;
    private final int rank, size;
    private final String host;
    private MemorySegment sendBuf = MemorySegment.NULL, recvBuf = MemorySegment.NULL;
    private Arena bufArena;
    private boolean closed;

    /** True when this process was started by mpirun/mpiexec/srun (Open MPI or a PMI/PMIx launcher set its variables). */
    public static boolean launched() { return launched(System.getenv()); }

    static boolean launched(Map<String, String> env) {
        for (String k : List.of("OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"))
            if (env.get(k) != null && !env.get(k).isBlank()) return true;
        return false;
    }

    /** MPI_Init and MPI_COMM_WORLD; throws IllegalStateException naming what was tried when libmpi cannot be used. */
    public static Mpi init() {
        List<String> tried = new ArrayList<>();
        for (String lib : candidates()) {
            try {
                return new Mpi(lib);
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                tried.add(lib + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("started by an MPI launcher, but Open MPI's library could not be loaded (tried "
                + String.join(", ", tried) + "); install it (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev)"
                + " or set TRM_MPI_LIB=/path/to/libmpi.so");
    }

    private static List<String> candidates() {
        String explicit = System.getenv("TRM_MPI_LIB");
        if (explicit != null && !explicit.isBlank()) return List.of(explicit.trim());
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        return mac ? List.of("libmpi.40.dylib", "libmpi.dylib", "/opt/homebrew/lib/libmpi.dylib", "/usr/local/lib/libmpi.dylib")
                : List.of("libmpi.so.40", "libmpi.so");
    }

    private Mpi(String lib) {
        globalOpen(lib);
        SymbolLookup l = SymbolLookup.libraryLookup(lib, arena);
        MemorySegment comm = l.find("ompi_mpi_comm_world").orElse(null);
        if (comm == null) throw new IllegalArgumentException("no symbol ompi_mpi_comm_world: not Open MPI");
        commWorld = comm;
        byteType = l.find("ompi_mpi_byte").orElseThrow();
        floatType = l.find("ompi_mpi_float").orElseThrow();
        sumOp = l.find("ompi_mpi_op_sum").orElseThrow();
        var A = ADDRESS;
        var I = JAVA_INT;
        MethodHandle init = fn(l, "MPI_Init", FunctionDescriptor.of(I, A, A));
        MethodHandle commRank = fn(l, "MPI_Comm_rank", FunctionDescriptor.of(I, A, A));
        MethodHandle commSize = fn(l, "MPI_Comm_size", FunctionDescriptor.of(I, A, A));
        allgather = fn(l, "MPI_Allgather", FunctionDescriptor.of(I, A, I, A, A, I, A, A));
        alltoall = fn(l, "MPI_Alltoall", FunctionDescriptor.of(I, A, I, A, A, I, A, A));
        allreduce = fn(l, "MPI_Allreduce", FunctionDescriptor.of(I, A, A, I, A, A, A));
        bcast = fn(l, "MPI_Bcast", FunctionDescriptor.of(I, A, I, A, I, A));
        barrier = fn(l, "MPI_Barrier", FunctionDescriptor.of(I, A));
        abort = fn(l, "MPI_Abort", FunctionDescriptor.of(I, A, I));
        finalizeFn = fn(l, "MPI_Finalize", FunctionDescriptor.of(I));
        try (Arena a = Arena.ofConfined()) {
            check("MPI_Init", (int) init.invokeExact(MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment out = a.allocate(JAVA_INT);
            check("MPI_Comm_rank", (int) commRank.invokeExact(commWorld, out));
            rank = out.get(JAVA_INT, 0);
            check("MPI_Comm_size", (int) commSize.invokeExact(commWorld, out));
            size = out.get(JAVA_INT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("MPI_Init failed: " + t, t);
        }
        String h;
        try { h = InetAddress.getLocalHost().getHostName(); } catch (Exception e) { h = "?"; }
        host = h;
    }

    /** dlopen(lib, RTLD_NOW | RTLD_GLOBAL) through libc, so that libmpi's own plugins resolve its symbols. */
    private static void globalOpen(String lib) {
        boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
        int flags = 2 | (mac ? 0x8 : 0x100);   // RTLD_NOW | RTLD_GLOBAL
        MemorySegment dlopen = LINKER.defaultLookup().find("dlopen").orElse(null);
        if (dlopen == null) return;   // SymbolLookup.libraryLookup below still opens it (RTLD_LOCAL)
        MethodHandle h = LINKER.downcallHandle(dlopen, FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) h.invokeExact(a.allocateFrom(lib), flags);
            if (handle.equals(MemorySegment.NULL)) throw new UnsatisfiedLinkError("dlopen failed");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle fn(SymbolLookup l, String name, FunctionDescriptor d) {
        MemorySegment s = l.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
        return LINKER.downcallHandle(s, d);
    }

    private void check(String what, int rc) {
        if (rc != 0) throw new IllegalStateException(what + " failed on rank " + rank + " with MPI error code " + rc);
    }

    @Override public int rank() { return rank; }
    @Override public int size() { return size; }
    @Override public String describe() { return size + " ranks (Open MPI via FFM); rank " + rank + " on " + host; }

    /** Native staging buffers of at least the given sizes (grown, never shrunk). */
    private void stage(long sendBytes, long recvBytes) {
        if (sendBuf.byteSize() >= sendBytes && recvBuf.byteSize() >= recvBytes) return;
        if (bufArena != null) bufArena.close();
        bufArena = Arena.ofShared();
        sendBuf = bufArena.allocate(Math.max(sendBytes, sendBuf.byteSize()), 64);
        recvBuf = bufArena.allocate(Math.max(recvBytes, recvBuf.byteSize()), 64);
    }

    private static int count(long bytes) {
        if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("one MPI message of " + bytes + " bytes exceeds 2^31-1");
        return (int) bytes;
    }

    /** Native segments are passed to MPI as they are; heap ones go through the staging buffers. */
    @Override
    public void allgather(MemorySegment send, MemorySegment recv) {
        long n = send.byteSize();
        if (recv.byteSize() != n * size) throw new IllegalArgumentException("allgather: receive " + recv.byteSize() + " bytes for " + size + " × " + n);
        MemorySegment[] io = staged(send, recv);
        try {
            check("MPI_Allgather", (int) allgather.invokeExact(io[0], count(n), byteType, io[1], count(n), byteType, commWorld));
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
        unstage(io[1], recv);
    }

    @Override
    public void alltoall(MemorySegment send, MemorySegment recv) {
        long n = send.byteSize();
        if (recv.byteSize() != n || n % size != 0) throw new IllegalArgumentException("alltoall: " + n + " bytes is not " + size + " equal blocks");
        MemorySegment[] io = staged(send, recv);
        int block = count(n / size);
        try {
            check("MPI_Alltoall", (int) alltoall.invokeExact(io[0], block, byteType, io[1], block, byteType, commWorld));
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
        unstage(io[1], recv);
    }

    /** {send, recv} as MPI gets them: the segments themselves when native, else staging buffers (send copied in). */
    private MemorySegment[] staged(MemorySegment send, MemorySegment recv) {
        if (send.isNative() && recv.isNative()) return new MemorySegment[]{send, recv};
        stage(send.byteSize(), recv.byteSize());
        MemorySegment.copy(send, 0, sendBuf, 0, send.byteSize());
        return new MemorySegment[]{sendBuf, recvBuf};
    }

    private static void unstage(MemorySegment received, MemorySegment recv) {
        if (received != recv) MemorySegment.copy(received, 0, recv, 0, recv.byteSize());
    }

    /** MPI's own MPI_Allreduce(MPI_FLOAT, MPI_SUM) in place: its summation order is the library's (bench comparison only). */
    public void allreduceSumUnordered(float[] v) {
        long n = (long) v.length * Float.BYTES;
        stage(n, n);
        MemorySegment.copy(MemorySegment.ofArray(v), 0, sendBuf, 0, n);
        try {
            check("MPI_Allreduce", (int) allreduce.invokeExact(sendBuf, recvBuf, v.length, floatType, sumOp, commWorld));
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
        MemorySegment.copy(recvBuf, 0, MemorySegment.ofArray(v), 0, n);
    }

    @Override
    public void broadcast(MemorySegment buf, int root) {
        long n = buf.byteSize();
        stage(n, 0);
        MemorySegment.copy(buf, 0, sendBuf, 0, n);
        try {
            check("MPI_Bcast", (int) bcast.invokeExact(sendBuf, count(n), byteType, root, commWorld));
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
        if (rank != root) MemorySegment.copy(sendBuf, 0, buf, 0, n);
    }

    @Override
    public void barrier() {
        try {
            check("MPI_Barrier", (int) barrier.invokeExact(commWorld));
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
    }

    @Override
    public void abort(int code) {
        System.err.flush();
        System.out.flush();
        try {
            int ignored = (int) abort.invokeExact(commWorld, code);
        } catch (Throwable ignored) {
            // fall through
        }
        Runtime.getRuntime().halt(code);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            check("MPI_Finalize", (int) finalizeFn.invokeExact());
        } catch (RuntimeException | Error e) { throw e; } catch (Throwable t) { throw new IllegalStateException(t); }
    }
}
