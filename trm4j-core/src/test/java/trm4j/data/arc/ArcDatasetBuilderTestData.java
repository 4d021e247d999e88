package trm4j.data.arc;

/** The tiny test subsets of {@link ArcDatasetBuilderTest}, shared with the evaluator test. */
public final class ArcDatasetBuilderTestData {
    public static final String EV = ArcDatasetBuilderTest.EV;
    public static final String EV_SOL = ArcDatasetBuilderTest.EV_SOL;

    private ArcDatasetBuilderTestData() {}
}
