"""Export all-MiniLM-L6-v2 from its packaged weights to ONNX, once: the API then runs it with onnxruntime and never
imports torch (about 400 MB less per worker). Run in its own process by the embedder when the file is missing:

    python -m cinelake.ask.embedder_export OUT.onnx
"""

import os
import sys
from pathlib import Path

OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModel.from_pretrained(model_dir, local_files_only=True).eval()

    class TokenStates(torch.nn.Module):
        """The model with named inputs, returning its last hidden states (pooling is done by the embedder)."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            states = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return states.last_hidden_state

    sample = tokenizer(["an example", "a second, longer example"], padding=True, return_tensors="pt")
    # Each exporting process its own partial file: two workers starting on an empty cache both export, and each
    # replaces the export whole (a shared partial file was renamed away under the second one).
    partial = out.with_suffix(f".{os.getpid()}.partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    torch.onnx.export(
        TokenStates(),
        tuple(sample[name] for name in INPUTS),
        str(partial),
        input_names=list(INPUTS),
        output_names=["last_hidden_state"],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False,
    )
    partial.replace(out)  # whole or absent: a worker never loads half a file


if __name__ == "__main__":
    from cinelake.ask.embedder import bundled_model_path

    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    export(bundled_model_path(), target)
