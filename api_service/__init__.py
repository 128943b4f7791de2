"""The CineLake REST API: scores movies with the published ONNX success model."""
