package trm4j.nn;

/**
 * Where a layer's weight gradients go: {@link #PARAMS} adds them to each {@link Param#grad}; the model's chunked
 * backward pass gives each chunk of batch items its own buffers, summed into the gradients afterwards in a fixed
 * order (see {@code TrmModel}).
 */
@FunctionalInterface
public interface GradSink {
    /** The buffer that receives (+=) the gradient of {@code p}, shaped like it. */
    float[] of(Param p);

    GradSink PARAMS = p -> p.grad;
}
