#!/usr/bin/env bash
# scripts/gpu-check.sh OUT_DIR [CMAKE_ARGS...]: every check the cuBLAS/cuDNN figures rest on, in one command
# for a machine with an NVIDIA GPU (made to finish in minutes: under 8 on an H100 with 16 cores).
#
# Configures and builds a tree without Qt, OpenBLAS, oneDNN or ONNX (build-gpu/, or GPU_CHECK_BUILD) with
# asserts on, for the GPU's own architecture. Without a usable GPU it then says so in one line and exits 0.
# With one, each step below runs even when an earlier one failed, and writes under OUT_DIR:
#   gpu.csv, nvidia-smi.txt, list.txt   the GPU's name, driver, clocks and memory; cnn-bench list
#   logs/STEP.log                       each step's output
#   (tests)                             test_ops_cuda (every shape-table row on cublas and cudnn, fp32 and
#                                       fp16) and test_cuda_session, with CUDA_LAUNCH_BLOCKING=1
#   verify.txt                          cnn-bench verify: the 7 built-in models, cublas,cudnn x fp32,fp16
#   schedule-googlenet-cudnn.json       IOS on CUDA streams: the search, then sequential, greedy and IOS
#                                       timed end to end (logs/verify-streams.log: their outputs checked)
#   results.sqlite, results.json        the sweep: AlexNet, GoogLeNet, SqueezeNet 1.1, ResNet-50 at batch
#                                       1, 8, 32, 64; cublas, cudnn; fp32, fp16; Caffe and fused graphs
#   plans-fp32.json, plans-fp16.json    the ideal adaptive plans over cublas+cudnn
#   tf32.json                           ResNet-50 fp32 at batch 64 on cuDNN with TF32 allowed
#   torch.json                          PyTorch on the GPU (when python3 has a CUDA-enabled torch)
#   gpu-report.md, steps.tsv            the tables (bench/gpu_report.py), and which steps passed
# Extra arguments go to CMake's configure step, e.g. -DCMAKE_PREFIX_PATH=DIR for the doctest and
# nlohmann-json headers a GPU machine may lack, or -DCUDNN_ROOT=DIR.
# Exit status: 0 when every step passed (or there is no GPU), 1 when one failed, 2 on a usage error.
set -uo pipefail
if [ $# -lt 1 ] || [[ $1 == -* ]]; then
  echo "usage: scripts/gpu-check.sh OUT_DIR [CMAKE_ARGS...]" >&2
  exit 2
fi
mkdir -p "$1/logs" || exit 2
out=$(cd "$1" && pwd)
shift
cd "$(dirname "$0")/.."
root=$(pwd)
build=${GPU_CHECK_BUILD:-build-gpu}
bench="$build/app/cnn-bench"
models7=lenet,alexnet,googlenet,squeezenet-1.0,squeezenet-1.1,resnet-50,mobilenet-v1
sweep_models=alexnet,googlenet,squeezenet-1.1,resnet-50
sweep_batches=1,8,32,64
: >"$out/steps.tsv"
failed=0

say() { echo "gpu-check: $*"; }

# step NAME COMMAND...: runs it with its output in logs/NAME.log; records and prints the result.
step() {
  local name=$1 start=$SECONDS status
  shift
  "$@" >"$out/logs/$name.log" 2>&1
  status=$?
  local took=$((SECONDS - start))
  if [ $status -eq 0 ]; then
    printf '%s\tpassed\t%s\n' "$name" "$took" >>"$out/steps.tsv"
    say "$name: passed (${took} s)"
  else
    printf '%s\tFAILED (exit %s)\t%s\n' "$name" "$status" "$took" >>"$out/steps.tsv"
    say "$name: FAILED (exit $status, ${took} s), see logs/$name.log:"
    tail -n 8 "$out/logs/$name.log" | sed 's/^/    /'
    failed=1
  fi
  return $status
}

# skipped NAME WHY: a step that could not run here, recorded as such.
skipped() {
  printf '%s\tskipped: %s\t0\n' "$1" "$2" >>"$out/steps.tsv"
  say "$1: skipped, $2"
}

# One sentence naming what configure missed, from its log.
configure_failure() {
  local log=$1 what
  what=$(grep -m1 -oE 'doctest was not found[^"]*' "$log" ||
         grep -m1 -oE 'provided by "[A-Za-z0-9_]+"' "$log" | sed -E 's/provided by "(.*)"/the CMake package \1 was not found/' ||
         grep -m1 -oE 'Could NOT find [A-Za-z0-9_]+' "$log" | sed -E 's/Could NOT find (.*)/\1 was not found/' ||
         echo "see the log")
  say "configure failed: ${what%.} (install it, or pass its prefix: scripts/gpu-check.sh OUT_DIR -DCMAKE_PREFIX_PATH=DIR); log: $log"
}

# The GPU, if nvidia-smi sees one: its compute capability ("90"), else empty.
compute_capability=""
if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  compute_capability=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n1 | tr -d ' .')
fi
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O3 -DCMAKE_CUDA_FLAGS_RELEASE=-O3  # no -DNDEBUG
            -DCNN_EXPLORER_GUI=OFF -DCNN_EXPLORER_OPENBLAS=OFF -DCNN_EXPLORER_ONEDNN=OFF -DCNN_EXPLORER_ONNX=OFF)
command -v ninja >/dev/null && cmake_args+=(-G Ninja)
command -v ccache >/dev/null && cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
if [ -n "$compute_capability" ] && [[ " $* " != *CMAKE_CUDA_ARCHITECTURES* ]]; then
  cmake_args+=(-DCMAKE_CUDA_ARCHITECTURES="$compute_capability")
fi

if ! step configure cmake -S . -B "$build" "${cmake_args[@]}" "$@"; then
  configure_failure "$out/logs/configure.log"
  exit 1
fi
targets=(cnn-bench)
grep -q 'CUDA backends (cublas, cudnn): CUDA' "$out/logs/configure.log" && targets+=(test_ops_cuda test_cuda_session)
step build cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" || exit 1

# No usable GPU: one line, exit 0. A GPU, but no CUDA backends in the build: what configure said, exit 1.
no_gpu=""
if ! command -v nvidia-smi >/dev/null; then
  no_gpu="nvidia-smi is not installed"
elif ! smi=$(nvidia-smi -L 2>&1) || [ -z "$smi" ]; then
  no_gpu="nvidia-smi sees no GPU: $(head -n1 <<<"$smi")"
elif [ ${#targets[@]} -eq 1 ]; then
  say "$(grep -m1 -oE 'CUDA backends \(cublas, cudnn\): skipped.*' "$out/logs/configure.log")"
  exit 1
elif ! grep -qE '^  cublas .* available$' <("$bench" list 2>&1); then
  no_gpu="cnn-bench lists cublas as $("$bench" list 2>&1 | grep -m1 -E '^  cublas ' | sed -E 's/.*(unavailable.*)/\1/')"
fi
if [ -n "$no_gpu" ]; then
  say "built $build; no usable NVIDIA GPU here ($no_gpu), so nothing more to check."
  exit 0
fi

# cuDNN or cuBLAS only in a Python environment's wheels: their lib folders on the library path.
if ldd "$bench" | grep -q "not found"; then
  wheels=$(python3 -c 'import glob, os, nvidia; print(":".join(sorted({os.path.dirname(p) for b in nvidia.__path__
for p in glob.glob(os.path.join(b, "*", "lib", "*.so*"))})))' 2>/dev/null)
  [ -n "$wheels" ] && export LD_LIBRARY_PATH="$wheels${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

gpu_info() {
  nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total,memory.used,clocks.sm,clocks.mem,clocks.max.sm,clocks.max.mem,power.limit,persistence_mode \
    --format=csv >"$out/gpu.csv" &&
    nvidia-smi -q >"$out/nvidia-smi.txt" &&
    "$bench" list | tee "$out/list.txt" &&
    ! ldd "$bench" | grep "not found" &&
    { ! command -v cuobjdump >/dev/null || cuobjdump --list-elf "$bench" | grep -q "sm_$compute_capability"; }
}
step gpu-info gpu_info

export CUDA_LAUNCH_BLOCKING=1  # a kernel fault is reported by the call that caused it
step op-tests "$build/tests/test_ops_cuda" --duration=true
step session-tests "$build/tests/test_cuda_session" --duration=true
verify() {
  "$bench" verify --models "$models7" --libs cublas,cudnn --precision fp32,fp16 --graph caffe,fused --batch 2 |
    tee "$out/verify.txt"
}
step verify verify
# Schedules of concurrent stages on CUDA streams (issue #15): outputs against the reference (launches
# still blocking), then, with launches queued again, GoogLeNet's IOS search on cuDNN with sequential,
# greedy and IOS timed end to end.
step verify-streams "$bench" verify --models googlenet,squeezenet-1.1,resnet-50 --libs cublas,cudnn --precision fp32,fp16 \
  --batch 1 --schedule greedy,ios
unset CUDA_LAUNCH_BLOCKING
step schedule-streams sh -c "\"$bench\" schedule --model googlenet --lib cudnn --batch 1 --compare 9 --json \
  >\"$out/schedule-googlenet-cudnn.json\""

rm -f "$out/results.sqlite"*
step sweep "$bench" run --models "$sweep_models" --libs cublas,cudnn --precision fp32,fp16 --graph caffe,fused \
  --batch "$sweep_batches" --warmup 2 --reps 5 --min-time 0.2 --max-reps 20 --rounds 1 \
  --db "$out/results.sqlite" --out "$out/results.json" --label gpu-check
for p in fp32 fp16; do
  step "plan-$p" "$bench" plan --db "$out/results.sqlite" --libs cublas,cudnn --precision "$p" --min-gain 0 \
    --out "$out/plans-$p.json"
done
step tf32 "$bench" run --models resnet-50 --libs cudnn --precision fp32 --batch 64 --allow-tf32 --warmup 2 --reps 5 \
  --min-time 0.2 --rounds 1 --no-store --out "$out/tf32.json"

if python3 -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
  step pytorch python3 bench/torch_time.py --device cuda --models "$sweep_models" --batch "$sweep_batches" \
    --warmup 3 --reps 10 --out "$out/torch.json"
else
  skipped pytorch "python3 has no CUDA-enabled PyTorch"
fi

if command -v python3 >/dev/null; then
  step report python3 bench/gpu_report.py --results "$out/results.json" --plans "$out/plans-fp32.json" \
    "$out/plans-fp16.json" --torch "$out/torch.json" --gpu "$out/gpu.csv" --verify "$out/verify.txt" \
    --tf32 "$out/tf32.json" --steps "$out/steps.tsv" --out "$out/gpu-report.md"
else
  skipped report "no python3"
fi

say "summary ($root, results in $out):"
column -t -s $'\t' "$out/steps.tsv" 2>/dev/null | sed 's/^/    /' || sed 's/^/    /' "$out/steps.tsv"
exit $failed
