#!/usr/bin/python3
"""PyTorch peer of `workbench bench` (issue 19): the same explanation sections, timed in PyTorch.

Loads a workbench model exported by `workbench export` (FILE.safetensors + FILE.config.json, read
here by hand with numpy: no pickle, no extra package), rebuilds it on torch.nn modules (BiLSTM:
torch.nn.LSTM; CNN: torch.nn.functional.conv1d; average: a linear layer), checks that it gives the
workbench's probabilities and attention (to 1e-5, float32) on the review the workbench wrote, then
times each section's natural batched PyTorch implementation on ONE thread.

The review comes as token ids in a JSON file written by the Java side (`workbench bench
--compare-pytorch` writes it), so this script never re-implements the workbench's tokenizer:

  {"weights": "M.safetensors", "config": "M.config.json", "ids": [...], "predicted": c,
   "probabilities": [...], "attention": [...], "unk_id": 1,
   optional, for the agreement report: "gradient", "integrated_gradients", "leave_one_out", "occlusion"}

Usage:
  peer_bench.py check INPUT.json            agreement only; one JSON line; exit 1 when outputs disagree
  peer_bench.py time INPUT.json [REPEATS]   agreement, then the median of REPEATS runs of every section
  peer_bench.py serve INPUT.json            agreement, then one section per stdin line ("gradient", ...),
                                            answered by one JSON line {"section", "ms"}; "quit" ends

Sections (docs/methods.md; the workbench's counterparts in cli/BenchCommand.java):
  gradient                  1 forward + backward of the predicted class's probability, attention detached
  integrated_gradients_50   zero baseline, right Riemann sum of 50 steps, one batch of 50, plus f(x), f(0)
  integrated_gradients_equal_error
                            the same 50 steps, served under this name too: the workbench times its
                            Gauss-Legendre rule at the 50 steps' completeness error against them
  leave_one_out             all n deletions as one batch of n sequences of n - 1 tokens
  leave_one_out_loop        Jain & Wallace's loop, one forward per deletion: 20 timed, scaled to n
                            (as the workbench's naive_leave_one_out)
  occlusion                 all n replacements by <unk> as one batch
  permutations_100          100 random permutations of alpha re-decoded as one batch (TVD, median)
  adversarial_search        K = 5 candidates, 500 steps of torch.optim.Adam(amsgrad=True, lr=0.01) on
                            Jain & Wallace's objective (lambda 500, tau 0.01, diversity over K^2 pairs)
"""

import json
import os
import struct
import sys
import time

# One thread for the BLAS too (read when the library loads, so before numpy and torch are imported).
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass  # already set in this process

AGREEMENT_TOLERANCE = 1e-5
SECTIONS = ["gradient", "integrated_gradients_50", "leave_one_out", "leave_one_out_loop", "occlusion",
            "permutations_100", "adversarial_search"]
# The sum that stands for a full explanation (the loop is the unbatched alternative to leave_one_out).
SUMMED = ["gradient", "integrated_gradients_50", "leave_one_out", "occlusion", "permutations_100",
          "adversarial_search"]
NAIVE_SAMPLE = 20
# Served on request (the workbench's equal-error row) but not timed again by `time`.
ALIASES = ["integrated_gradients_equal_error"]

_DTYPES = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "I32": "<i4"}


def read_safetensors(path):
    """{name: float32 torch tensor} from a safetensors file, parsed by hand."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] not in _DTYPES:
            raise ValueError("tensor %s: dtype %s not handled here" % (name, meta["dtype"]))
        begin, end = meta["data_offsets"]
        a = np.frombuffer(raw, dtype=_DTYPES[meta["dtype"]], count=(end - begin) // np.dtype(_DTYPES[meta["dtype"]]).itemsize,
                          offset=base + begin).reshape(meta["shape"])
        out[name] = torch.from_numpy(a.astype(np.float32))
    return out


class PeerModel(torch.nn.Module):
    """The workbench's network (docs/import.md, layout "workbench") on torch modules, batch-first."""

    def __init__(self, t, config):
        super().__init__()
        self.encoder = config["encoder"]
        if config.get("attention", "LEARNED") not in ("LEARNED", None):
            raise ValueError("only learned attention is handled (this model's: %s)" % config["attention"])
        if config.get("tokenization", "WORKBENCH") not in ("WORKBENCH", None):
            raise ValueError("only the workbench's tokenization (no markers) is handled")
        self.dot = config.get("attentionScore", "TANH") == "DOT"
        self.emb = t["emb"]
        d = self.emb.shape[1]
        h = config["hiddenSize"]
        if self.encoder == "BILSTM":
            self.lstm = torch.nn.LSTM(d, h, batch_first=True, bidirectional=True)
            # Ours: gates i, f, o, g in [D, 4H] (row vectors, x W); PyTorch: i, f, g, o in [4H, D].
            perm = torch.cat([torch.arange(0, 2 * h), torch.arange(3 * h, 4 * h), torch.arange(2 * h, 3 * h)])
            with torch.no_grad():
                for ours, suffix in (("fw", ""), ("bw", "_reverse")):
                    getattr(self.lstm, "weight_ih_l0" + suffix).copy_(t["lstm.%s.Wx" % ours][:, perm].T)
                    getattr(self.lstm, "weight_hh_l0" + suffix).copy_(t["lstm.%s.Wh" % ours][:, perm].T)
                    getattr(self.lstm, "bias_ih_l0" + suffix).copy_(t["lstm.%s.b" % ours][0, perm])
                    getattr(self.lstm, "bias_hh_l0" + suffix).zero_()
        elif self.encoder == "CNN":
            # cnn.W{k} [k D, H], row j D + d -> conv1d weight [H, D, k] at [h, d, j].
            self.convs = []
            for k in config["kernelWidths"]:
                if k % 2 == 0:
                    raise ValueError("even kernel width %d" % k)
                w = t["cnn.W%d" % k].reshape(k, d, h).permute(2, 1, 0).contiguous()
                self.convs.append((w, t["cnn.b%d" % k][0], (k - 1) // 2))
        elif self.encoder == "AVERAGE":
            self.avg_w, self.avg_b = t["avg.W"], t["avg.b"][0]
        else:
            raise ValueError("encoder %s" % self.encoder)
        if self.dot:
            self.att_w = t["att.w"][:, 0]
        else:
            self.att_W, self.att_b, self.att_v = t["att.W"], t["att.b"][0], t["att.v"][:, 0]
        self.out_W, self.out_b = t["out.W"], t["out.b"][0]
        for p in self.parameters():
            p.requires_grad_(False)

    def embed(self, ids):
        return self.emb[ids]

    def encode(self, x):
        """x [B, T, D] -> h [B, T, F]."""
        if self.encoder == "BILSTM":
            return self.lstm(x)[0]
        if self.encoder == "CNN":
            xc = x.transpose(1, 2)
            outs = [torch.nn.functional.conv1d(xc, w, b, padding=p) for w, b, p in self.convs]
            return torch.relu(torch.cat(outs, dim=1)).transpose(1, 2)
        return torch.tanh(x @ self.avg_w + self.avg_b)

    def attention(self, h):
        if self.dot:
            scores = (h @ self.att_w) / (h.shape[-1] ** 0.5)
        else:
            scores = torch.tanh(h @ self.att_W + self.att_b) @ self.att_v
        return torch.softmax(scores, dim=-1)

    def head(self, h, detach=False):
        """(alpha [B, T], probabilities [B, C])."""
        alpha = self.attention(h)
        a = alpha.detach() if detach else alpha
        context = torch.einsum("bt,btf->bf", a, h)
        return alpha, torch.softmax(context @ self.out_W + self.out_b, dim=-1)

    def forward(self, x, detach=False):
        return self.head(self.encode(x), detach)


def importance(y, probs, c):
    """|y_c - y'_c| for two classes, the mean over classes of |y_k - y'_k| otherwise (methods.md §3)."""
    if y.shape[0] == 2:
        return (y[c] - probs[:, c]).abs()
    return (y.unsqueeze(0) - probs).abs().mean(dim=1)


def jsd(p, logp, q, logq):
    """Jensen-Shannon divergence (natural log) along the last axis; finite for underflowed weights."""
    m = 0.5 * (p + q)
    logm = torch.log(m.clamp_min(1e-45))
    return 0.5 * (p * (logp - logm)).sum(-1) + 0.5 * (q * (logq - logm)).sum(-1)


class Peer:
    """One review and one model: the sections as callables, each the natural batched PyTorch code."""

    def __init__(self, spec):
        with open(spec["config"], encoding="utf-8") as f:
            cfg = json.load(f)
        self.model = PeerModel(read_safetensors(spec["weights"]), cfg["config"])
        self.model.eval()
        self.ids = torch.tensor(spec["ids"], dtype=torch.long)
        self.n = len(spec["ids"])
        self.unk = int(spec.get("unk_id", 1))
        self.spec = spec
        with torch.no_grad():
            x = self.model.embed(self.ids.unsqueeze(0))
            h = self.model.encode(x)
            alpha, probs = self.model.head(h)
        self.alpha = alpha[0]
        self.y = probs[0]
        self.c = int(spec.get("predicted", int(torch.argmax(self.y))))
        # The per-token contributions z_i = h_i W_out: what re-decoding under another attention reads.
        self.z = h[0] @ self.model.out_W
        self.generator = torch.Generator().manual_seed(1)

    def agreement(self):
        """Max |difference| to the workbench's outputs; probabilities and attention must agree."""
        d = {}
        d["probabilities"] = float((self.y - torch.tensor(self.spec["probabilities"])).abs().max())
        d["attention"] = float((self.alpha - torch.tensor(self.spec["attention"])).abs().max())
        for name, fn in (("gradient", lambda: self.gradient()), ("integrated_gradients", lambda: self.integrated_gradients()[0]),
                         ("leave_one_out", lambda: self.leave_one_out()), ("occlusion", lambda: self.occlusion())):
            if name in self.spec:
                d[name] = float((fn() - torch.tensor(self.spec[name])).abs().max())
        ok = d["probabilities"] <= AGREEMENT_TOLERANCE and d["attention"] <= AGREEMENT_TOLERANCE
        return ok, d

    # ---------------------------------------------------------------- sections

    def gradient(self):
        x = self.model.embed(self.ids.unsqueeze(0)).detach().requires_grad_(True)
        _, probs = self.model(x, detach=True)
        probs[0, self.c].backward()
        return (x.grad[0] * x[0].detach()).sum(-1).abs()

    def integrated_gradients(self, steps=50):
        e = self.model.embed(self.ids)
        a = torch.arange(1, steps + 1, dtype=torch.float32).div_(steps).view(steps, 1, 1)
        x = (a * e.unsqueeze(0)).requires_grad_(True)
        _, probs = self.model(x)
        probs[:, self.c].sum().backward()
        attributions = (e * x.grad.sum(0) / steps).sum(-1)
        with torch.no_grad():  # f(x) and f(baseline) for the completeness check, as ours reports
            fx = self.model(e.unsqueeze(0))[1][0, self.c]
            fb = self.model(torch.zeros_like(e).unsqueeze(0))[1][0, self.c]
        return attributions, float(fx), float(fb)

    def _deletions(self):
        n = self.n
        keep = ~torch.eye(n, dtype=torch.bool)
        return self.ids.unsqueeze(0).expand(n, n)[keep].view(n, n - 1)

    def leave_one_out(self):
        with torch.no_grad():
            _, probs = self.model(self.model.embed(self._deletions()))
        return importance(self.y, probs, self.c)

    def leave_one_out_loop(self, sample=NAIVE_SAMPLE):
        """Jain & Wallace's loop, one forward per deletion, on the first `sample` tokens."""
        out = []
        with torch.no_grad():
            for i in range(min(sample, self.n)):
                v = torch.cat([self.ids[:i], self.ids[i + 1:]]).unsqueeze(0)
                out.append(self.model(self.model.embed(v))[1][0])
        return out

    def occlusion(self):
        v = self.ids.unsqueeze(0).repeat(self.n, 1)
        v.fill_diagonal_(self.unk)
        with torch.no_grad():
            _, probs = self.model(self.model.embed(v))
        return importance(self.y, probs, self.c)

    def permutations(self, p=100):
        with torch.no_grad():
            perm = torch.argsort(torch.rand(p, self.n, generator=self.generator), dim=1)
            y = torch.softmax(self.alpha[perm] @ self.z + self.model.out_b, dim=-1)
            tvd = 0.5 * (y - self.y).abs().sum(-1)
            return float(tvd.median())

    def adversarial_search(self, k=5, steps=500, lr=0.01, sd=3.0, tau=0.01, penalty=500.0, epsilon=0.05):
        n = self.n
        alpha, log_alpha, y, z, b = self.alpha, torch.log(self.alpha), self.y, self.z, self.model.out_b
        theta = (np.log(1.0 / n) + sd * torch.randn(k, n, generator=self.generator)).requires_grad_(True)
        opt = torch.optim.Adam([theta], lr=lr, amsgrad=True)
        for _ in range(steps):
            opt.zero_grad()
            log_a = torch.log_softmax(theta, dim=-1)
            a = log_a.exp()
            yk = torch.softmax(a @ z + b, dim=-1)
            tvd = 0.5 * (yk - y).abs().sum(-1)
            to_alpha = jsd(a, log_a, alpha.expand(k, n), log_alpha.expand(k, n))
            cross = jsd(a.unsqueeze(1), log_a.unsqueeze(1), a.unsqueeze(0), log_a.unsqueeze(0))  # [K, K]
            loss = (-to_alpha + penalty * torch.relu(tvd - tau)).sum() - cross.sum(0).mean()
            loss.backward()
            opt.step()
        with torch.no_grad():
            a = torch.softmax(theta, dim=-1)
            yk = torch.softmax(a @ z + b, dim=-1)
            tvd = 0.5 * (yk - y).abs().sum(-1)
            to_alpha = jsd(a, torch.log(a.clamp_min(1e-45)), alpha.expand(k, n), log_alpha.expand(k, n))
            ok = tvd <= epsilon
            return float(to_alpha[ok].max()) if bool(ok.any()) else 0.0

    def section(self, name):
        """Runs one section once; returns its wall time in milliseconds."""
        fn = {
            "gradient": self.gradient,
            "integrated_gradients_50": self.integrated_gradients,
            "integrated_gradients_equal_error": self.integrated_gradients,
            "leave_one_out": self.leave_one_out,
            "leave_one_out_loop": self.leave_one_out_loop,
            "occlusion": self.occlusion,
            "permutations_100": self.permutations,
            "adversarial_search": self.adversarial_search,
        }[name]
        t0 = time.perf_counter()
        fn()
        ms = (time.perf_counter() - t0) * 1e3
        if name == "leave_one_out_loop":
            ms *= self.n / min(NAIVE_SAMPLE, self.n)
        return ms


def blas_library():
    """The BLAS this process loaded: Debian's torch uses whatever libblas.so.3 points to. Without
    libopenblas0 that is the reference BLAS, several times slower (IG: 2.8 s of CPU against 0.5 s)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    names = sorted(os.path.realpath(x) for x in libs)
    if any("openblas" in x for x in names):
        return "OpenBLAS"
    if any("mkl" in x for x in names):
        return "MKL"
    return "reference BLAS (install libopenblas0)" if names else "none loaded"


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "time", "serve"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[2], encoding="utf-8") as f:
        spec = json.load(f)
    peer = Peer(spec)
    ok, diff = peer.agreement()
    head = {"agree": ok, "tolerance": AGREEMENT_TOLERANCE, "max_abs_diff": diff, "torch": torch.__version__,
            "threads": torch.get_num_threads(), "blas": blas_library(), "tokens": peer.n}
    if not ok:
        emit(head)
        sys.stderr.write("PyTorch and the workbench disagree: %s\n" % json.dumps(diff))
        return 1
    if argv[1] == "check":
        emit(head)
        return 0
    if argv[1] == "time":
        repeats = int(argv[3]) if len(argv) > 3 else 7
        ms = {}
        for s in SECTIONS:
            peer.section(s)  # warm-up
            ms[s] = float(np.median([peer.section(s) for _ in range(repeats)]))
        ms["full_explanation_sum"] = sum(ms[s] for s in SUMMED)
        head["ms"] = ms
        emit(head)
        return 0
    emit(head)  # serve: the agreement line first, then one answer per request
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        if name == "quit":
            break
        if name not in SECTIONS and name not in ALIASES:
            emit({"section": name, "error": "unknown section"})
            continue
        emit({"section": name, "ms": peer.section(name)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
