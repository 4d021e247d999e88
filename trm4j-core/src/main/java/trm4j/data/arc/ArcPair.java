package trm4j.data.arc;

/** One demonstration or test pair. */
public record ArcPair(ArcGrid input, ArcGrid output) {}
