package trm4j.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Ops#transpose} row by row (few rows) and by tiles (≥ 256 rows, edges not multiples of the tile): every element lands once, in place. */
class OpsTransposeTest {
    @ParameterizedTest(name = "{0} x [{1}, {2}]")
    @CsvSource({"2,40,64", "3,64,40", "2,300,37", "1,513,20", "2,256,16"})
    void everyElementMovesToItsTransposedPlace(int batch, int rows, int cols) {
        int n = rows * cols, off = 5;
        float[] src = new float[off + batch * n], dst = new float[off + batch * n + 3];
        for (int i = 0; i < src.length; i++) src[i] = i * 0.5f;
        java.util.Arrays.fill(dst, Float.NaN);
        Ops.transpose(src, off, dst, off, batch, rows, cols);
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    assertEquals(src[off + b * n + i * cols + j], dst[off + b * n + j * rows + i], "item " + b + " (" + i + ", " + j + ")");
        for (int i = 0; i < off; i++) assertEquals(Float.NaN, dst[i], "before the output");
        for (int i = off + batch * n; i < dst.length; i++) assertEquals(Float.NaN, dst[i], "after the output");
    }
}
