#!/usr/bin/env python3
"""Fixture of the jain-wallace import layout (docs/import.md), made without PyTorch.

Writes, beside this script:
  jw-tiny.safetensors   a tiny random model in Jain & Wallace's state-dict names (encoder + decoder),
                        float32, written byte by byte (8-byte little-endian header length, JSON
                        header, data), as safetensors.torch.save_file would
  jw-tiny.vocab.txt     its vocabulary, one token per line in id order (<PAD>, <UNK>, <SOS>, <EOS>, ...)
  jw-tiny.config.json   {"layout": "jain-wallace", "labels": [...], ...}
  expected.json         for 3 token-id sequences: the output probabilities [1 - sigmoid(z), sigmoid(z)]
                        and the attention, computed by the numpy forward pass below

The forward pass follows PyTorch's documented equations, independently of the workbench's code:
  nn.LSTM (gates stacked i, f, g, o; two biases):
    i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)    f = sigmoid(W_if x + b_if + W_hf h + b_hf)
    g = tanh(W_ig x + b_ig + W_hg h + b_hg)       o = sigmoid(W_io x + b_io + W_ho h + b_ho)
    c' = f c + i g                                h' = o tanh(c')
    the _reverse direction runs from the last token to the first, from a zero state;
    the output at t is [h_fw(t), h_bw(t)]
  Jain & Wallace's TanhAttention: attn = softmax(attn2(tanh(attn1(output)))), attn2 has no bias
  their AttnDecoder: context = sum_t attn_t output_t; predict = linear_1(context); binary: sigmoid.
Every sequence is attended over all its tokens (no <SOS>/<EOS> masking here: the Java test feeds
the ids directly).

Sizes: V = 30, D = 6, H = 4, A = 2 (attention size, read by the importer from the shapes), C = 1.
Weights are N(0, 1) (larger than an initialisation, so that attention is peaked and the
outputs are far from 0.5, which makes the comparison sensitive); embedding row 0 is zero
(padding_idx). Deterministic: numpy's default_rng(14).

Run:  python3 make_jain_wallace_fixture.py   (numpy only; it rewrites the four files)
"""
import json
import os
import struct

import numpy as np

V, D, H, A, C = 30, 6, 4, 2, 1
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(14)


def rand(*shape):
    return rng.normal(0.0, 1.0, size=shape).astype(np.float32)


state = {}
emb = rand(V, D)
emb[0] = 0.0
state["embedding.weight"] = emb
for sfx in ("", "_reverse"):
    state["rnn.weight_ih_l0" + sfx] = rand(4 * H, D)
    state["rnn.weight_hh_l0" + sfx] = rand(4 * H, H)
    state["rnn.bias_ih_l0" + sfx] = rand(4 * H)
    state["rnn.bias_hh_l0" + sfx] = rand(4 * H)
state["attention.attn1.weight"] = rand(A, 2 * H)
state["attention.attn1.bias"] = rand(A)
state["attention.attn2.weight"] = rand(1, A)
state["linear_1.weight"] = rand(C, 2 * H)
state["linear_1.bias"] = rand(C)


def save_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    chunks = []
    for name in sorted(tensors):
        t = np.ascontiguousarray(tensors[name], dtype="<f4")
        b = t.tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in chunks:
            f.write(b)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_direction(xs, sfx):
    w_ih = state["rnn.weight_ih_l0" + sfx].astype(np.float64)
    w_hh = state["rnn.weight_hh_l0" + sfx].astype(np.float64)
    b_ih = state["rnn.bias_ih_l0" + sfx].astype(np.float64)
    b_hh = state["rnn.bias_hh_l0" + sfx].astype(np.float64)
    h = np.zeros(H)
    c = np.zeros(H)
    out = []
    for x in xs:
        z = w_ih @ x + b_ih + w_hh @ h + b_hh
        i, f, g, o = z[0:H], z[H:2 * H], z[2 * H:3 * H], z[3 * H:4 * H]
        i, f, g, o = sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
        c = f * c + i * g
        h = o * np.tanh(c)
        out.append(h)
    return out


def forward(ids):
    xs = [state["embedding.weight"][t].astype(np.float64) for t in ids]
    fw = lstm_direction(xs, "")
    bw = lstm_direction(xs[::-1], "_reverse")[::-1]
    hs = np.array([np.concatenate([f, b]) for f, b in zip(fw, bw)])            # [T, 2H]
    w1 = state["attention.attn1.weight"].astype(np.float64)
    b1 = state["attention.attn1.bias"].astype(np.float64)
    w2 = state["attention.attn2.weight"].astype(np.float64)
    scores = (np.tanh(hs @ w1.T + b1) @ w2.T)[:, 0]
    e = np.exp(scores - scores.max())
    attn = e / e.sum()
    context = attn @ hs
    z = state["linear_1.weight"].astype(np.float64) @ context + state["linear_1.bias"].astype(np.float64)
    p1 = sigmoid(z[0])
    return [1.0 - p1, p1], attn.tolist()


words = ["the", "movie", "was", "great", "awful", "not", "a", "film", "qqq", "plot", "acting", "boring",
         "fun", "and", "but", "very", "bad", "good", "story", "it", "is", "of", "to", "best", "worst", "ever"]
vocab = ["<PAD>", "<UNK>", "<SOS>", "<EOS>"] + words
assert len(vocab) == V
sequences = [[4, 5, 6, 7, 8], [2, 28, 9, 10, 11, 12, 13, 14, 3, 1, 17], [22]]

save_safetensors(os.path.join(HERE, "jw-tiny.safetensors"), state,
                 {"format": "pt", "source": "make_jain_wallace_fixture.py"})
with open(os.path.join(HERE, "jw-tiny.vocab.txt"), "w", encoding="utf-8") as f:
    f.write("\n".join(vocab) + "\n")
with open(os.path.join(HERE, "jw-tiny.config.json"), "w", encoding="utf-8") as f:
    json.dump({"layout": "jain-wallace", "labels": ["negative", "positive"], "dataset": "random fixture",
               "max_length": 500}, f, indent=2)
    f.write("\n")
expected = []
for ids in sequences:
    probs, attn = forward(ids)
    expected.append({"ids": ids, "probabilities": probs, "attention": attn})
with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump({"tolerance": 1e-5, "sequences": expected}, f, indent=2)
    f.write("\n")
print("wrote the fixture to", HERE)
