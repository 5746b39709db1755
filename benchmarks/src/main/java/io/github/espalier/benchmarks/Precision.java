package io.github.espalier.benchmarks;

/** The two exports of all-MiniLM-L6-v2 that are benchmarked, with the ONNX file each jar holds. */
enum Precision {
    FP32("/all-minilm-l6-v2.onnx", "MiniLm.esp"),
    INT8("/all-minilm-l6-v2-q.onnx", "MiniLmQ.esp");

    final String onnxResource;
    final String artifactResource;

    Precision(String onnxResource, String artifactResource) {
        this.onnxResource = onnxResource;
        this.artifactResource = artifactResource;
    }
}
