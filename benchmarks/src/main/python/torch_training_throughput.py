#!/usr/bin/python3
"""PyTorch CPU training throughput of a distillation student, for comparison with Espalier's Java trainer.

Measures tokens per second of full fp32 training steps (forward, loss, backward, gradient clipping,
AdamW step, zero_grad) of the same student the Java distillation trainer computes: a stack of
post-LayerNorm BERT encoder layers with no embedding layer. Its input is a cached, frozen
[batch, sequence, hidden] tensor of the teacher's embedding output; teacher targets (one unit
sentence vector per row, one hidden state per student layer) are precomputed and not timed.
Inputs and targets are seeded random tensors: this measures speed, not learning.

Needs only Debian's python3 and python3-torch (torch 1.13); use /usr/bin/python3, since the torch
package installs there. Debian's torch does its matrix products through whatever libblas.so.3 is
selected; with --no-install-recommends that is the unoptimised reference BLAS, tens of times slower,
so also install libopenblas0-openmp (libtorch's recommended BLAS, in its OpenMP build so that
torch.set_num_threads governs it too). The JSON's "blas" field names the library that was loaded.

OMP_WAIT_POLICY defaults to PASSIVE here (set it in the environment to override): with libgomp's
default busy-waiting, two OpenMP threads on a two-core machine that is also running anything else
were measured about 20 times slower per step; passive waiting is also closer to how Java threads park.

The benchmark calls it as, for example:

  /usr/bin/python3 benchmarks/src/main/python/torch_training_throughput.py \
      --layers 12h/1536,12h/1536,8h/1024,12h/1536 --hidden 384 --head-size 32 \
      --batch 16 --sequence 64 --threads 2 --steps 20 --warmup-steps 3 --seed 1 --out torch.json

and reads tokensPerSecond (real, unpadded tokens per second) from the JSON written to --out.
"""
import argparse
import json
import math
import os
import time
import warnings

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # must precede loading torch's OpenMP

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402


class Layer(nn.Module):
    """One post-LayerNorm BERT encoder layer with `heads` attention heads and `neurons` FFN neurons."""

    def __init__(self, hidden, heads, head_size, neurons):
        super().__init__()
        self.heads, self.head_size = heads, head_size
        width = heads * head_size
        self.q, self.k, self.v = (nn.Linear(hidden, width) for _ in range(3))
        self.attn_out = nn.Linear(width, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = nn.Linear(hidden, neurons)
        self.ffn_out = nn.Linear(neurons, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-12)

    def split(self, t):  # [b, s, heads*d] -> [b, heads, s, d]
        b, s, _ = t.shape
        return t.view(b, s, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, additive_mask):
        # Attention written by hand with matmul + softmax, as the Java trainer computes it
        # (torch 1.13 has no F.scaled_dot_product_attention; nn.MultiheadAttention is not used).
        q, k, v = self.split(self.q(x)), self.split(self.k(x)), self.split(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask
        context = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(x.shape[0], x.shape[1], -1)
        x1 = self.norm1(x + self.attn_out(context))
        ffn = self.ffn_out(F.gelu(self.ffn_in(x1)))  # exact (erf) GELU
        return self.norm2(x1 + ffn)


def loaded_blas():
    """Path of the BLAS library loaded into this process (Linux), or None."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
        return " ".join(sorted(paths)) or None
    except OSError:
        return None


def parse_layers(spec):
    """'12h/1536,8h/768' -> [(12, 1536), (8, 768)]"""
    layers = []
    for item in spec.split(","):
        heads, neurons = item.strip().split("/")
        layers.append((int(heads.rstrip("h")), int(neurons)))
    return layers


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", required=True, help='per-layer "HEADSh/NEURONS", comma-separated')
    p.add_argument("--hidden", type=int, default=384)
    p.add_argument("--head-size", type=int, default=32)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--sequence", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=20, help="timed steps")
    p.add_argument("--warmup-steps", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", help="JSON result file")
    a = p.parse_args()

    warnings.filterwarnings("ignore", "Initializing zero-element tensors")  # fully pruned layers
    torch.set_num_interop_threads(1)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    layers = parse_layers(a.layers)
    b, s, h = a.batch, a.sequence, a.hidden

    student = nn.ModuleList(Layer(h, heads, a.head_size, neurons) for heads, neurons in layers)
    optimizer = torch.optim.AdamW(student.parameters(), lr=1e-4, weight_decay=0.01)

    # Cached inputs and precomputed teacher targets (fixed for every step, outside the timing).
    embeddings = torch.randn(b, s, h)
    lengths = torch.randint(s // 2, s + 1, (b,))
    mask = (torch.arange(s).unsqueeze(0) < lengths.unsqueeze(1)).float()  # [b, s], 1 real, 0 padding
    additive_mask = ((1.0 - mask) * -10000.0)[:, None, None, :]         # [b, 1, 1, s]
    teacher_unit = F.normalize(torch.randn(b, h), dim=-1)
    teacher_hidden = [torch.randn(b, s, h) for _ in layers]
    real_tokens = int(mask.sum().item())
    token_mask = mask.unsqueeze(-1)                                      # [b, s, 1]

    def step():
        x, hidden_loss = embeddings, 0.0
        for layer, target in zip(student, teacher_hidden):
            x = layer(x, additive_mask)
            hidden_loss = hidden_loss + (((x - target) ** 2) * token_mask).sum() / (real_tokens * h)
        pooled = (x * token_mask).sum(dim=1) / token_mask.sum(dim=1)
        cosine = (F.normalize(pooled, dim=-1) * teacher_unit).sum(dim=-1)
        loss = (1.0 - cosine).mean() + hidden_loss / len(layers)
        loss.backward()
        nn.utils.clip_grad_norm_(student.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        return loss

    for _ in range(a.warmup_steps):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    seconds = time.perf_counter() - start

    result = {
        "engine": "pytorch", "torch": torch.__version__, "blas": loaded_blas(),
        "ompWaitPolicy": os.environ["OMP_WAIT_POLICY"], "threads": a.threads,
        "batch": b, "sequence": s, "hidden": h, "headSize": a.head_size,
        "layers": [f"{heads}h/{neurons}" for heads, neurons in layers],
        "steps": a.steps, "seconds": seconds,
        "tokensPerSecond": real_tokens * a.steps / seconds,
        "paddedTokensPerSecond": b * s * a.steps / seconds,
        "msPerStep": 1000.0 * seconds / a.steps,
    }
    print(f"pytorch {torch.__version__} {a.threads} threads, layers {a.layers}, batch {b}x{s}: "
          f"{result['tokensPerSecond']:.0f} tokens/s ({result['paddedTokensPerSecond']:.0f} padded), "
          f"{result['msPerStep']:.1f} ms/step, final loss {loss.item():.4f}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
