"""Feature rows as the model takes them: a frame for the scikit-learn pipeline, arrays for the ONNX graph.

Only numpy and pandas: the API can score with onnxruntime without importing scikit-learn or skl2onnx.
"""

import numpy as np
import pandas as pd

from cinelake.domain.features import CATEGORICAL_FEATURES, FEATURE_COLUMNS, NUMERIC_FEATURES, FeatureValue


def feature_frame(rows: list[dict[str, FeatureValue]]) -> pd.DataFrame:
    """Rows from `domain.features.feature_row`: numbers as float32 (what the ONNX graph takes, so scikit-learn sees
    exactly the values ONNX will), the language as text."""
    frame = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))
    frame[list(NUMERIC_FEATURES)] = frame[list(NUMERIC_FEATURES)].astype(np.float32)
    for column in CATEGORICAL_FEATURES:
        frame[column] = frame[column].astype(object)
    return frame


def feature_frame_of(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """`feature_frame` of rows given column-wise (`domain.feature_columns`): the same dtypes and values."""
    frame = pd.DataFrame({name: columns[name].astype(np.float32) for name in NUMERIC_FEATURES})
    for column in CATEGORICAL_FEATURES:
        frame[column] = pd.Series(columns[column], dtype=object)
    return frame


def onnx_feeds(features: pd.DataFrame) -> dict[str, np.ndarray]:
    """A feature frame as the ONNX model's inputs: one [N, 1] array per column, named as the column."""
    feeds = {name: features[name].to_numpy(dtype=np.float32).reshape(-1, 1) for name in NUMERIC_FEATURES}
    feeds |= {name: features[name].to_numpy(dtype=object).reshape(-1, 1) for name in CATEGORICAL_FEATURES}
    return feeds


def row_feeds(rows: list[dict[str, FeatureValue]]) -> dict[str, np.ndarray]:
    """Rows straight to the ONNX model's inputs, the values `onnx_feeds(feature_frame(rows))` gives. The API scores
    this way: a one-row frame costs more than the model call. The numbers go into one column-major matrix, whose
    columns are then contiguous `[N, 1]` views: one array instead of one per column (a third of the time)."""
    matrix = np.array([[row[name] for name in NUMERIC_FEATURES] for row in rows], dtype=np.float32, order="F")
    feeds = {name: matrix[:, position : position + 1] for position, name in enumerate(NUMERIC_FEATURES)}
    feeds |= {name: np.array([[row[name]] for row in rows], dtype=object) for name in CATEGORICAL_FEATURES}
    return feeds
