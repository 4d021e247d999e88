package trm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.io.TorchCheckpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code trm inspect FILE}: the tensors of a .safetensors or PyTorch checkpoint (name, dtype, shape), nothing loaded. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors (name, dtype, shape) of a .safetensors file or a PyTorch checkpoint (.pt, step_N).")
public final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a .safetensors file, a torch.save checkpoint (zip or legacy), or a folder holding model.safetensors")
    Path file;

    @Override
    public Integer call() throws IOException {
        Path f = Files.isDirectory(file) ? file.resolve("model.safetensors") : file;
        if (!Files.isRegularFile(f)) throw new UserError(f + ": no such file");
        boolean st = f.getFileName().toString().endsWith(".safetensors");
        Map<String, RawTensor> tensors = st ? Safetensors.read(f) : TorchCheckpoint.read(f);
        PrintWriter out = spec.commandLine().getOut();
        int w = tensors.keySet().stream().mapToInt(String::length).max().orElse(4);
        long total = 0;
        for (var e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            out.printf("%-" + w + "s  %-4s  %s%n", e.getKey(), t.dtype(), Arrays.toString(t.shape()));
            total += t.numel();
        }
        if (st) Safetensors.metadata(f).forEach((k, v) -> out.printf("metadata %s = %s%n", k, v));
        out.printf("%d tensors, %,d elements (%s)%n", tensors.size(), total, st ? "safetensors" : "torch.save");
        out.flush();
        return 0;
    }
}
