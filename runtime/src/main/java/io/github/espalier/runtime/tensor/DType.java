package io.github.espalier.runtime.tensor;

import io.github.espalier.runtime.EspalierException;

/** Element types, numbered as ONNX's {@code TensorProto.DataType} so both sides agree without a table. */
public enum DType {
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    INT32(6, 4),
    INT64(7, 8),
    BOOL(9, 1),
    DOUBLE(11, 8);

    private final int onnxCode;
    private final int byteSize;

    DType(int onnxCode, int byteSize) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
    }

    public int onnxCode() {
        return onnxCode;
    }

    public int byteSize() {
        return byteSize;
    }

    public static DType fromOnnxCode(int code) {
        for (DType type : values()) {
            if (type.onnxCode == code) {
                return type;
            }
        }
        throw new EspalierException("Unsupported tensor element type (ONNX data type " + code
                + "); supported: FLOAT, UINT8, INT8, INT32, INT64, BOOL, DOUBLE");
    }
}
