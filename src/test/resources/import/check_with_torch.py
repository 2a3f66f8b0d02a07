#!/usr/bin/env python3
"""Checks the pytorch-layout fixtures against real PyTorch modules (optional; needs torch).

make_jain_wallace_fixture.py computes expected-pytorch.json by numpy from PyTorch's documented
equations. This script loads each pt-*.safetensors into real nn.Embedding / nn.LSTM / nn.Conv1d /
nn.Linear modules named as its config's "map" says (the model class of docs/import.md, generalised
to the three encoders), runs them on the same ids and asserts PyTorch gives the numpy outputs and
attention to 1e-6. It also checks that docs/import.md's Classifier, saved by state_dict(), has
exactly the tensor names its example map expects.

Run:  python3 check_with_torch.py   (reads the fixtures beside it; writes nothing)
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    out = {}
    for name, e in header.items():
        assert e["dtype"] == "F32"
        b, end = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[base + b:base + end], dtype="<f4").reshape(e["shape"]).copy())
    return out


class Mapped(nn.Module):
    """A plain PyTorch classifier whose submodules sit under the map's names."""

    def __init__(self, sd, m):
        super().__init__()
        self.m = m
        self.mods = {}
        V, D = sd[m["embedding"] + ".weight"].shape
        self.put(m["embedding"], nn.Embedding(V, D))
        if "lstm" in m:
            H = sd[m["lstm"] + ".weight_hh_l0"].shape[1]
            self.put(m["lstm"], nn.LSTM(D, H, batch_first=True, bidirectional=True))
        elif "conv" in m:
            for c in m["conv"]:
                H, _, k = sd[c + ".weight"].shape
                self.put(c, nn.Conv1d(D, H, k, padding="same"))
        else:
            H = sd[m["average"] + ".weight"].shape[0]
            self.put(m["average"], nn.Linear(D, H))
        A, F = sd[m["attention.W"] + ".weight"].shape
        self.put(m["attention.W"], nn.Linear(F, A))
        self.put(m["attention.v"], nn.Linear(A, 1, bias=(m["attention.v"] + ".bias") in sd))
        C = sd[m["decoder"] + ".weight"].shape[0]
        self.put(m["decoder"], nn.Linear(F, C))

    def put(self, name, module):
        # A dotted name as nested modules, so that state_dict() gives the file's keys.
        parent = self
        parts = name.split(".")
        for p in parts[:-1]:
            if not hasattr(parent, p):
                parent.add_module(p, nn.Module())
            parent = getattr(parent, p)
        parent.add_module(parts[-1], module)
        self.mods[name] = module

    def forward(self, ids):
        m, g = self.m, self.mods
        x = g[m["embedding"]](ids)                                   # [1, T, D]
        if "lstm" in m:
            h, _ = g[m["lstm"]](x)
        elif "conv" in m:
            h = torch.cat([torch.relu(g[c](x.transpose(1, 2))) for c in m["conv"]], dim=1).transpose(1, 2)
        else:
            h = torch.tanh(g[m["average"]](x))
        a = torch.softmax(g[m["attention.v"]](torch.tanh(g[m["attention.W"]](h))).squeeze(-1), dim=-1)
        z = g[m["decoder"]]((a.unsqueeze(-1) * h).sum(1))[0]
        p = torch.stack([1 - torch.sigmoid(z[0]), torch.sigmoid(z[0])]) if len(z) == 1 else torch.softmax(z, -1)
        return p, a[0]


expected = json.load(open(os.path.join(HERE, "expected-pytorch.json")))
torch.set_default_dtype(torch.float64)
for name, e in expected["models"].items():
    cfg = json.load(open(os.path.join(HERE, name + ".config.json")))
    sd = read_safetensors(os.path.join(HERE, name + ".safetensors"))
    model = Mapped(sd, cfg["map"]).double()
    assert set(model.state_dict()) == set(sd), (name, sorted(set(model.state_dict()) ^ set(sd)))
    model.load_state_dict({k: v.double() for k, v in sd.items()})
    with torch.no_grad():
        for s in e["sequences"]:
            p, a = model(torch.tensor([s["ids"]]))
            assert np.allclose(p.numpy(), s["probabilities"], atol=1e-6), (name, p, s["probabilities"])
            assert np.allclose(a.numpy(), s["attention"], atol=1e-6), (name, a, s["attention"])
    print(name, "matches PyTorch", torch.__version__)


class Classifier(nn.Module):  # docs/import.md's example, verbatim
    def __init__(self, V, D=100, H=64, A=64, C=2):
        super().__init__()
        self.emb, self.rnn = nn.Embedding(V, D, padding_idx=0), nn.LSTM(D, H, batch_first=True, bidirectional=True)
        self.att_w, self.att_v, self.fc = nn.Linear(2 * H, A), nn.Linear(A, 1, bias=False), nn.Linear(2 * H, C)


keys = sorted(Classifier(30).state_dict())
assert keys == sorted(["emb.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                       "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse",
                       "rnn.bias_hh_l0_reverse", "att_w.weight", "att_w.bias", "att_v.weight", "fc.weight",
                       "fc.bias"]), keys
print("docs/import.md's Classifier has the names of its example map")
