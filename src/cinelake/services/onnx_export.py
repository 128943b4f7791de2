"""The trained pipeline, preprocessing included, as one ONNX graph; and its parity with scikit-learn.

The ONNX graph takes, per row, one float32 `[N, 1]` input for each numeric feature column and one string `[N, 1]`
input `original_language`; `probabilities[:, 1]` is the probability of success.
"""

import warnings

import numpy as np
import onnxruntime
import pandas as pd
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import Pipeline

from cinelake.domain.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES
from cinelake.errors import PermanentError
from cinelake.services.model_inputs import onnx_feeds
from cinelake.services.train import TrainedModel

MODEL_FILE = "model.onnx"
PROBABILITY_OUTPUT = "probabilities"
PARITY_TOLERANCE = 1e-5
ONNX_GRAPH_NAME = "cinelake_success"
ONNX_INPUTS = (
    "one [N, 1] tensor per feature column, named as the column: float32 numbers (NaN = unknown), "
    "string original_language"
)
# Opsets every onnxruntime since 1.15 runs; ai.onnx.ml 3 is the tree ensemble the converter targets.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def to_onnx(model: Pipeline | VotingClassifier) -> bytes:
    """The fitted pipeline, preprocessing included, as an ONNX model that takes the raw feature columns."""
    inputs = [(name, FloatTensorType([None, 1])) for name in NUMERIC_FEATURES]
    inputs += [(name, StringTensorType([None, 1])) for name in CATEGORICAL_FEATURES]
    with warnings.catch_warnings():
        # skl2onnx hands onnx booleans where it wants ints; onnx warns about it (once per tree) and converts them.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="onnx.helper")
        onnx_model = convert_sklearn(
            model,
            initial_types=inputs,
            options={id(model): {"zipmap": False}},  # a plain [N, 2] tensor, not a list of dicts
            target_opset=TARGET_OPSET,
            name=ONNX_GRAPH_NAME,  # a fixed name: skl2onnx would pick a random one, and the bytes would differ per run
        )
    return onnx_model.SerializeToString()


def onnx_session(model_bytes: bytes) -> onnxruntime.InferenceSession:
    return onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])


def onnx_probabilities(session: onnxruntime.InferenceSession, features: pd.DataFrame) -> np.ndarray:
    (probabilities,) = session.run([PROBABILITY_OUTPUT], onnx_feeds(features))
    return probabilities[:, 1].astype(np.float64)


def check_parity(trained: TrainedModel, model_bytes: bytes) -> float:
    """The largest difference between ONNX's and scikit-learn's probabilities over the whole holdout."""
    from_onnx = onnx_probabilities(onnx_session(model_bytes), trained.holdout.features)
    difference = float(np.max(np.abs(from_onnx - trained.holdout_probabilities)))
    if difference > PARITY_TOLERANCE:
        raise PermanentError(f"ONNX and scikit-learn disagree by {difference:.2e} on the holdout")
    return difference
