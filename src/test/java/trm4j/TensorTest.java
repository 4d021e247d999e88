package trm4j;

import org.junit.jupiter.api.Test;
import trm4j.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.*;

class TensorTest {
    @Test
    void viewsShareStorageAndSlicesIndexTheFirstAxis() {
        Tensor t = Tensor.zeros(2, 3, 4);
        t.slice(1).view(12).set(7f, 5);
        assertEquals(7f, t.get(1, 1, 1));
        assertEquals(12, t.slice(0).size());
        assertThrows(IllegalArgumentException.class, () -> t.view(5, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0, 0));
    }
}
