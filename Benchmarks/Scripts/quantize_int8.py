"""Writes an int8 copy of the shipped WordLlama weights, to measure what quantisation costs (see EmbeddingSpeed).

Each row of the 32,000 × 256 fp16 matrix is scaled by its own factor, max |x| / 127, and rounded to int8:
`embedding.weight` (I8, [32000, 256]) and `embedding.weight.scale` (F32, [32000]), the layout that
`EmbeddingMatrix` reads (value = scale[row] × int8). The file is about half the size of the fp16 one (8.3 MB).
Needs numpy and safetensors (e.g. the venv of embedding_fixtures.py):

    /tmp/wlvenv/bin/python Benchmarks/Scripts/quantize_int8.py /tmp/weights-int8.safetensors
"""

import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

ROOT = Path(__file__).resolve().parents[2]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/weights-int8.safetensors"
    weights = load_file(ROOT / "Models/wordllama-l2-supercat/weights.safetensors")["embedding.weight"].astype(np.float32)
    peak = np.abs(weights).max(axis=1)
    scale = np.where(peak > 0, peak / 127, 1).astype(np.float32)
    quantised = np.clip(np.rint(weights / scale[:, None]), -127, 127).astype(np.int8)
    save_file({"embedding.weight": quantised, "embedding.weight.scale": scale}, out)
    error = np.abs(quantised * scale[:, None] - weights).max()
    print(f"wrote {out}: {quantised.shape[0]} rows, largest absolute error per value {error:.2e}")


if __name__ == "__main__":
    main()
