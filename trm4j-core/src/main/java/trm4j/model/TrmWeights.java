package trm4j.model;

import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.nn.Param;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between a {@link TrmModel} and tensors under the official state_dict names. The
 * {@code _orig_mod.} prefix of torch.compile checkpoints is accepted; the non-persistent RoPE tables are ignored.
 */
public final class TrmWeights {
    public static final String COMPILE_PREFIX = "_orig_mod.";

    private TrmWeights() {}

    /** Copies every parameter and persistent buffer from {@code tensors}; missing, extra or mis-shaped tensors are one error. */
    public static void load(TrmModel model, Map<String, RawTensor> tensors, String source) {
        Map<String, RawTensor> byName = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            String k = e.getKey().startsWith(COMPILE_PREFIX) ? e.getKey().substring(COMPILE_PREFIX.length()) : e.getKey();
            byName.put(k, e.getValue());
        }
        List<String> missing = new ArrayList<>(), shape = new ArrayList<>(), extra = new ArrayList<>();
        for (Param p : model.params().values()) {
            RawTensor t = byName.get(p.name);
            if (t == null) missing.add(p.name);
            else if (!Arrays.equals(t.shape(), p.shape()))
                shape.add(p.name + " is " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(p.shape()));
        }
        for (String k : byName.keySet())
            if (!model.params().containsKey(k) && !k.endsWith("rotary_emb.cos_cached") && !k.endsWith("rotary_emb.sin_cached"))
                extra.add(k);
        if (!missing.isEmpty() || !shape.isEmpty() || !extra.isEmpty()) {
            StringBuilder sb = new StringBuilder(source + ": weights do not match the arch config:");
            if (!missing.isEmpty()) sb.append(" missing ").append(missing).append(';');
            if (!shape.isEmpty()) sb.append(" wrong shape ").append(shape).append(';');
            if (!extra.isEmpty()) sb.append(" unexpected ").append(extra).append(';');
            sb.append(" check that the config belongs to these weights");
            throw new IllegalArgumentException(sb.toString());
        }
        for (Param p : model.params().values()) {
            float[] v = byName.get(p.name).toFloats();
            System.arraycopy(v, 0, p.value, 0, v.length);
        }
    }

    public static void load(TrmModel model, Path safetensors) throws IOException {
        load(model, Safetensors.read(safetensors), safetensors.toString());
    }

    /** Every parameter and persistent buffer as float32 tensors under the official names (no prefix). */
    public static Map<String, RawTensor> toTensors(TrmModel model) {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        for (Param p : model.params().values()) m.put(p.name, RawTensor.ofFloats(p.value, p.shape()));
        return m;
    }

    public static void save(TrmModel model, Path safetensors) throws IOException {
        Safetensors.write(safetensors, toTensors(model));
    }
}
