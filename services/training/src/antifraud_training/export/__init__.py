"""Model bundle: ONNX model, manifest with checksums, HTML report, champion pointer."""
