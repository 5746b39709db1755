package io.github.espalier.runtime.tools;

/**
 * The measured latency of one variant.
 *
 * @param architecture what the variant keeps, as the compiler names it (e.g. {@code 12h/1536 dropped})
 * @param timing its latency on the table's input shape
 */
public record VariantLatency(String architecture, Timing timing) {}
