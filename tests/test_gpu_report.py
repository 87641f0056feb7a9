#!/usr/bin/python3
"""bench/gpu_report.py on hand-made inputs whose figures are worked out here: ms per image, the ratio to
PyTorch's best and the cuDNN fp16 target, fp16's speedup and its target, a failed point, the adaptive plan."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def point(lib, precision, batch, times, graph="caffe", error=None):
    return {"model": "alexnet", "lib": lib, "precision": precision, "graph": graph, "batch": batch,
            "success": error is None, "error": error or "", "time_fw_ms": [] if error else times}


RESULTS = {"schema": "cnn-explorer/1", "platform": {"libraries": {"cudnn": "cuDNN 9", "cudnn.x": "hidden"}},
           "points": [point("cudnn", "fp32", 32, [32, 32, 32]),         # 1.0 ms/img
                      point("cudnn", "fp16", 32, [16, 16, 16]),         # 0.5
                      point("cudnn", "fp16", 32, [12.8] * 3, "fused"),  # 0.4: the faster graph
                      point("cudnn", "fp32", 8, [8, 8, 8]),             # 1.0
                      point("cudnn", "fp16", 8, [6, 6, 6]),             # 0.75
                      point("cublas", "fp32", 32, [], error="cudaErrorMemoryAllocation")]}
TORCH = {"schema": "cnn-explorer-torch/1", "platform": {"torch": "2.5", "device": "cuda", "gpu": "H100"},
         "points": [{"model": "alexnet", "batch": 32, "success": True, "variant": "cuda-fp16", "median_ms": 12.8,
                     "best_fp32": {"variant": "cuda-cl", "median_ms": 25.6}},   # 0.4 and 0.8 per image
                    {"model": "alexnet", "batch": 8, "success": True, "variant": "cuda-fp16", "median_ms": 4.0,
                     "best_fp32": {"variant": "cuda", "median_ms": 6.4}}]}      # 0.5 and 0.8
PLANS = {"schema": "cnn-explorer-plan/1",
         "plans": [{"model": "alexnet", "precision": "fp16", "graph": "caffe", "batch": 32,
                    "predicted_ms_per_image": 0.45, "best_single": {"lib": "cudnn", "batch": 32, "ms_per_image": 0.5},
                    "layers": [{"lib": "cudnn"}, {"lib": "cudnn"}, {"lib": "cublas"}, {"lib": "cudnn"}]}]}


class GpuReport(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        files = {"results.json": RESULTS, "torch.json": TORCH, "plans.json": PLANS}
        for name, doc in files.items():
            with open(os.path.join(self.dir.name, name), "w", encoding="utf-8") as f:
                json.dump(doc, f)
        with open(os.path.join(self.dir.name, "steps.tsv"), "w", encoding="utf-8") as f:
            f.write("build\tpassed\t42\n")
        path = lambda name: os.path.join(self.dir.name, name)  # noqa: E731
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gpu_report.py"), "--results", path("results.json"),
                        "--torch", path("torch.json"), "--plans", path("plans.json"), "--steps", path("steps.tsv"),
                        "--out", path("report.md")], check=True)
        with open(path("report.md"), encoding="utf-8") as f:
            self.lines = f.read().splitlines()

    def tearDown(self):
        self.dir.cleanup()

    def test_times_per_image(self):
        self.assertIn("| series | batch 8 | batch 32 |", self.lines)
        self.assertIn("| cudnn fp16 | 0.75 ±0% | 0.5 ±0% |", self.lines)
        self.assertIn("| cudnn fp16 fused |  | 0.4 ±0% |", self.lines)
        self.assertIn("| cublas fp32 |  | failed |", self.lines)
        self.assertIn("- alexnet cublas fp32 batch 32: cudaErrorMemoryAllocation", self.lines)

    def test_ratios_to_pytorch(self):
        header = "| model | batch | PyTorch best ms/img (variant) | best fp32 | cudnn fp16 | cublas fp32 | cudnn fp32 | target |"
        self.assertIn(header, self.lines)
        self.assertIn("| alexnet | 8 | 0.5 (cuda-fp16) | 0.8 | 1.50x | n/a | 1.25x | missed |", self.lines)
        self.assertIn("| alexnet | 32 | 0.4 (cuda-fp16) | 0.8 | 1.00x | n/a | 1.25x | met |", self.lines)

    def test_fp16_speedup(self):
        self.assertIn("| alexnet | cudnn | 1.33x | 2.00x (met) |", self.lines)
        # No fp32 point of the fused graph: no row for it.
        self.assertFalse([l for l in self.lines if l.startswith("| alexnet | cudnn fused |")])

    def test_plan_and_steps(self):
        self.assertIn("| alexnet | fp16 | caffe | 32 | 0.45 | cudnn @ 32 | 0.5 | 10.0% | cublas 1, cudnn 3 |", self.lines)
        self.assertIn("| build | passed | 42 |", self.lines)
        self.assertIn("Libraries: cudnn cuDNN 9", self.lines)


if __name__ == "__main__":
    unittest.main()
