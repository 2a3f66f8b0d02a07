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

jw-tiny.config.json says "tokenizer": "workbench": its sequences are fed as they are.

Then, from the same generator (after jw-tiny's draws, so jw-tiny's files stay the same), the other
encoders and attentions of their code, each as jw-NAME.safetensors / .vocab.txt / .config.json and
jw-NAME.expected.json, all with "tokenizer": "jain-wallace" (the default): the model reads
<SOS> (id 2) before and <EOS> (id 3) after the sequence, and their masks give those two positions no
attention (BatchHolder: masks = [1] + [0] * n + [1]); expected.json's "ids" are the real tokens'
and its attention is over them (the markers' weights are exactly 0):
  lstm-dot   their EncoderRNN with DotAttention: score = attn1(h) / sqrt(F), attn1 [1, F] without
             bias, F = 2H; binary decoder
  cnn-tanh   their EncoderCNN, kernel sizes (5, 1, 3) (keys "0", "1", "2", run in the order of the
             keys sorted as strings), 3 filters each: Conv1d(D, 3, k, padding=(k - 1) // 2) with zero
             padding, outputs concatenated, ReLU; TanhAttention of size F // 2; binary decoder
  cnn-dot    the same encoder with DotAttention and a 3-class (softmax) decoder
  avg-tanh   their EncoderAverage with projection=True, activation tanh: h = tanh(projection(e)),
             H = 5; TanhAttention; 3 classes
  avg-dot    the same with DotAttention, binary
Conv1d, as PyTorch documents it: out[o, t] = bias[o] + sum_c sum_j weight[o, c, j] x[c, t + j - p].

Run:  python3 make_jain_wallace_fixture.py   (numpy only; it rewrites every file above)
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
               "max_length": 500, "tokenizer": "workbench"}, f, indent=2)
    f.write("\n")
expected = []
for ids in sequences:
    probs, attn = forward(ids)
    expected.append({"ids": ids, "probabilities": probs, "attention": attn})
with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    json.dump({"tolerance": 1e-5, "sequences": expected}, f, indent=2)
    f.write("\n")
print("wrote the fixture to", HERE)


# ---------------------------------------------------------------------------------------------------
# The "pytorch" layout (docs/import.md): plain nn.Embedding / nn.LSTM / nn.Conv1d / nn.Linear modules
# under names of the user's choosing, which CONFIG.json's "map" gives. One model per encoder family,
# each with its own module names, written as pt-ENCODER.safetensors / .vocab.txt / .config.json, and
# expected-pytorch.json with their outputs and attention on the sequences above, computed below from
# PyTorch's documented equations (not from the workbench's code):
#   nn.Embedding:  x_t = weight[id_t]
#   nn.LSTM(bidirectional=True, batch_first=True): as lstm_direction above (gates i, f, g, o, b_ih + b_hh)
#   nn.Conv1d(D, H, k, padding="same") then ReLU: y[o, t] = relu(bias[o] + sum_{i, j} weight[o, i, j]
#       x[t + j - (k - 1) // 2, i]) with zeros outside the sequence (PyTorch's "same" pads (k - 1) // 2
#       on the left); the kernel widths' outputs concatenated in the map's order
#   average (MLP) encoder: h_t = tanh(proj(x_t)), proj an nn.Linear(D, H)
#   attention: score_t = v(tanh(W(h_t))) with W = nn.Linear(F, A), v = nn.Linear(A, 1) (with or without
#       bias), a = softmax(score); context = sum_t a_t h_t; decoder = nn.Linear(F, C): C = 1 is a
#       sigmoid (probabilities [1 - sigmoid, sigmoid]), C > 1 a softmax
# Sizes: pt-bilstm D = 5, H = 3, A = 4, C = 1 (score layer with a bias);
#        pt-cnn    D = 4, H = 2 filters for each of the widths 3, 1, 4 (in that order), A = 3, C = 3;
#        pt-average D = 6, H = 5, A = 2, C = 2.
# Deterministic: numpy's default_rng(1414), drawn after (and independently of) the fixture above.
pt_rng = np.random.default_rng(1414)


def pt_rand(*shape):
    return pt_rng.normal(0.0, 1.0, size=shape).astype(np.float32)


def pt_lstm(sd, module, sfx, xs, hidden):
    w_ih, w_hh = sd[module + ".weight_ih_l0" + sfx], sd[module + ".weight_hh_l0" + sfx]
    b = sd[module + ".bias_ih_l0" + sfx].astype(np.float64) + sd[module + ".bias_hh_l0" + sfx]
    h, c, out = np.zeros(hidden), np.zeros(hidden), []
    for x in xs:
        z = w_ih.astype(np.float64) @ x + w_hh.astype(np.float64) @ h + b
        i, f, g, o = (z[k * hidden:(k + 1) * hidden] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        out.append(h)
    return out


def pt_conv(sd, module, xs):
    w = sd[module + ".weight"].astype(np.float64)            # [H, D, k]
    b = sd[module + ".bias"].astype(np.float64)
    k, left, steps = w.shape[2], (w.shape[2] - 1) // 2, len(xs)
    ys = []
    for t in range(steps):
        y = b.copy()
        for j in range(k):
            s = t + j - left
            if 0 <= s < steps:
                y += w[:, :, j] @ xs[s]
        ys.append(np.maximum(y, 0.0))
    return ys


def pt_forward(sd, m, ids):
    f64 = {k: v.astype(np.float64) for k, v in sd.items()}
    xs = [f64[m["embedding"] + ".weight"][t] for t in ids]
    if "lstm" in m:
        hidden = sd[m["lstm"] + ".weight_hh_l0"].shape[1]
        fw = pt_lstm(sd, m["lstm"], "", xs, hidden)
        bw = pt_lstm(sd, m["lstm"], "_reverse", xs[::-1], hidden)[::-1]
        hs = np.array([np.concatenate([a, b]) for a, b in zip(fw, bw)])
    elif "conv" in m:
        per_width = [pt_conv(sd, c, xs) for c in m["conv"]]
        hs = np.array([np.concatenate([p[t] for p in per_width]) for t in range(len(xs))])
    else:
        hs = np.array([np.tanh(f64[m["average"] + ".weight"] @ x + f64[m["average"] + ".bias"]) for x in xs])
    att_w, att_v = m["attention.W"], m["attention.v"]
    scores = np.tanh(hs @ f64[att_w + ".weight"].T + f64[att_w + ".bias"]) @ f64[att_v + ".weight"].T
    if att_v + ".bias" in f64:
        scores = scores + f64[att_v + ".bias"]
    scores = scores[:, 0]
    e = np.exp(scores - scores.max())
    attn = e / e.sum()
    z = f64[m["decoder"] + ".weight"] @ (attn @ hs) + f64[m["decoder"] + ".bias"]
    if len(z) == 1:
        p1 = sigmoid(z[0])
        return [1.0 - p1, p1], attn.tolist()
    ez = np.exp(z - z.max())
    return (ez / ez.sum()).tolist(), attn.tolist()


def pt_model(name, dims, encoder, mapping, labels, score_bias):
    d, h, a, c = dims
    sd = {}
    emb = pt_rand(V, d)
    emb[0] = 0.0
    sd[mapping["embedding"] + ".weight"] = emb
    if encoder == "lstm":
        for sfx in ("", "_reverse"):
            for w, shape in (("weight_ih_l0", (4 * h, d)), ("weight_hh_l0", (4 * h, h)),
                             ("bias_ih_l0", (4 * h,)), ("bias_hh_l0", (4 * h,))):
                sd[mapping["lstm"] + "." + w + sfx] = pt_rand(*shape)
        width = 2 * h
    elif encoder == "conv":
        for module, k in zip(mapping["conv"], CNN_WIDTHS):
            sd[module + ".weight"] = pt_rand(h, d, k)
            sd[module + ".bias"] = pt_rand(h)
        width = h * len(CNN_WIDTHS)
    else:
        sd[mapping["average"] + ".weight"] = pt_rand(h, d)
        sd[mapping["average"] + ".bias"] = pt_rand(h)
        width = h
    sd[mapping["attention.W"] + ".weight"] = pt_rand(a, width)
    sd[mapping["attention.W"] + ".bias"] = pt_rand(a)
    sd[mapping["attention.v"] + ".weight"] = pt_rand(1, a)
    if score_bias:
        sd[mapping["attention.v"] + ".bias"] = pt_rand(1)
    sd[mapping["decoder"] + ".weight"] = pt_rand(c, width)
    sd[mapping["decoder"] + ".bias"] = pt_rand(c)
    save_safetensors(os.path.join(HERE, name + ".safetensors"), sd,
                     {"format": "pt", "source": "make_jain_wallace_fixture.py"})
    with open(os.path.join(HERE, name + ".vocab.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(vocab) + "\n")
    with open(os.path.join(HERE, name + ".config.json"), "w", encoding="utf-8") as fh:
        json.dump({"layout": "pytorch", "labels": labels, "dataset": "random fixture", "max_length": 400,
                   "map": mapping}, fh, indent=2)
        fh.write("\n")
    out = []
    for ids in sequences:
        probs, attn = pt_forward(sd, mapping, ids)
        out.append({"ids": ids, "probabilities": probs, "attention": attn})
    return {"sequences": out}


CNN_WIDTHS = (3, 1, 4)
pt_expected = {
    "pt-bilstm": pt_model("pt-bilstm", (5, 3, 4, 1), "lstm",
                          {"embedding": "emb", "lstm": "encoder.rnn", "attention.W": "att.proj",
                           "attention.v": "att.score", "decoder": "fc"}, ["negative", "positive"], True),
    "pt-cnn": pt_model("pt-cnn", (4, 2, 3, 3), "conv",
                       {"embedding": "embed", "conv": ["convs.0", "convs.1", "convs.2"],
                        "attention.W": "attention.W", "attention.v": "attention.v", "decoder": "out"},
                       ["world", "sports", "science"], False),
    "pt-average": pt_model("pt-average", (6, 5, 2, 2), "average",
                           {"embedding": "model.embedding", "average": "model.mlp.0",
                            "attention.W": "model.attn.0", "attention.v": "model.attn.2",
                            "decoder": "model.classifier"}, ["neg", "pos"], True),
}
with open(os.path.join(HERE, "expected-pytorch.json"), "w", encoding="utf-8") as fh:
    json.dump({"tolerance": 1e-5, "models": pt_expected}, fh, indent=2)
    fh.write("\n")
print("wrote the pytorch-layout fixtures (pt-bilstm, pt-cnn, pt-average) to", HERE)


# ---------------------------------------------------------------- the other encoders and attentions

SOS_ID, EOS_ID = 2, 3
REAL = [[4, 5, 6, 7, 8], [28, 9, 10, 11, 12, 13, 14, 1, 17], [22]]


def f64(t):
    return np.asarray(t, dtype=np.float32).astype(np.float64)


def lstm_states(st, xs):
    global state
    saved, state = state, st
    try:
        fw = lstm_direction(xs, "")
        bw = lstm_direction(xs[::-1], "_reverse")[::-1]
    finally:
        state = saved
    return np.array([np.concatenate([a, b]) for a, b in zip(fw, bw)])


def conv1d(xs, w, b):
    """xs [T, D]; w [H, D, k]; b [H]: PyTorch's Conv1d with zero padding (k - 1) // 2."""
    t_len = xs.shape[0]
    h, _, k = w.shape
    p = (k - 1) // 2
    out = np.zeros((t_len, h))
    for t in range(t_len):
        acc = b.copy()
        for j in range(k):
            src = t + j - p
            if 0 <= src < t_len:
                acc = acc + w[:, :, j] @ xs[src]
        out[t] = acc
    return out


def encode(st, enc, ids):
    xs = np.array([f64(st["embedding.weight"][i]) for i in ids])
    if enc == "lstm":
        return lstm_states(st, list(xs))
    if enc == "cnn":
        keys = sorted(k.split(".")[1] for k in st if k.startswith("convolutions.") and k.endswith(".weight"))
        outs = [conv1d(xs, f64(st["convolutions." + k + ".weight"]), f64(st["convolutions." + k + ".bias"]))
                for k in keys]
        return np.maximum(np.concatenate(outs, axis=1), 0.0)
    return np.tanh(xs @ f64(st["projection.weight"]).T + f64(st["projection.bias"]))


def forward_wrapped(st, enc, att, real_ids):
    ids = [SOS_ID] + list(real_ids) + [EOS_ID]
    hs = encode(st, enc, ids)
    width = hs.shape[1]
    if att == "tanh":
        scores = (np.tanh(hs @ f64(st["attention.attn1.weight"]).T + f64(st["attention.attn1.bias"]))
                  @ f64(st["attention.attn2.weight"]).T)[:, 0]
    else:
        scores = (hs @ f64(st["attention.attn1.weight"]).T)[:, 0] / np.sqrt(width)
    masked = np.array([True] + [False] * len(real_ids) + [True])
    scores = np.where(masked, -np.inf, scores)
    e = np.exp(scores - scores[~masked].max())
    attn = e / e.sum()
    context = attn @ hs
    z = f64(st["linear_1.weight"]) @ context + f64(st["linear_1.bias"])
    if z.shape[0] == 1:
        p1 = sigmoid(z[0])
        probs = [1.0 - p1, p1]
    else:
        ez = np.exp(z - z.max())
        probs = (ez / ez.sum()).tolist()
    return probs, attn[1:-1].tolist()


def make(name, enc, att, classes, labels):
    st = {}
    e = rand(V, D)
    e[0] = 0.0
    st["embedding.weight"] = e
    if enc == "lstm":
        for sfx in ("", "_reverse"):
            st["rnn.weight_ih_l0" + sfx] = rand(4 * H, D)
            st["rnn.weight_hh_l0" + sfx] = rand(4 * H, H)
            st["rnn.bias_ih_l0" + sfx] = rand(4 * H)
            st["rnn.bias_hh_l0" + sfx] = rand(4 * H)
        width = 2 * H
    elif enc == "cnn":
        kernels = (5, 1, 3)
        for i, k in enumerate(kernels):
            st["convolutions.%d.weight" % i] = rand(3, D, k)
            st["convolutions.%d.bias" % i] = rand(3)
        width = 3 * len(kernels)
    else:
        st["projection.weight"] = rand(5, D)
        st["projection.bias"] = rand(5)
        width = 5
    if att == "tanh":
        st["attention.attn1.weight"] = rand(width // 2, width)
        st["attention.attn1.bias"] = rand(width // 2)
        st["attention.attn2.weight"] = rand(1, width // 2)
    else:
        st["attention.attn1.weight"] = rand(1, width)
    st["linear_1.weight"] = rand(classes, width)
    st["linear_1.bias"] = rand(classes)
    stem = os.path.join(HERE, "jw-" + name)
    save_safetensors(stem + ".safetensors", st, {"format": "pt", "source": "make_jain_wallace_fixture.py"})
    with open(stem + ".vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(stem + ".config.json", "w", encoding="utf-8") as f:
        json.dump({"layout": "jain-wallace", "labels": labels, "dataset": "random fixture (" + name + ")",
                   "tokenizer": "jain-wallace"}, f, indent=2)
        f.write("\n")
    seqs = []
    for ids in REAL:
        probs, attn = forward_wrapped(st, enc, att, ids)
        seqs.append({"ids": ids, "probabilities": probs, "attention": attn})
    with open(stem + ".expected.json", "w", encoding="utf-8") as f:
        json.dump({"tolerance": 1e-5, "encoder": enc, "attention": att, "sequences": seqs}, f, indent=2)
        f.write("\n")


make("lstm-dot", "lstm", "dot", 1, ["negative", "positive"])
make("cnn-tanh", "cnn", "tanh", 1, ["negative", "positive"])
make("cnn-dot", "cnn", "dot", 3, ["a", "b", "c"])
make("avg-tanh", "avg", "tanh", 3, ["a", "b", "c"])
make("avg-dot", "avg", "dot", 1, ["negative", "positive"])
print("wrote the fixtures to", HERE)
