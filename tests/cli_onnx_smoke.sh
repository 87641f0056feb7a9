#!/usr/bin/env bash
# ONNX end to end: ONNX's own node tests (Debian's libonnx-testdata) through `cnn-bench conformance`
# on every CPU library, with the counts the README gives; torchvision models exported now (random
# weights, models/tools/export_torchvision.py) checked against PyTorch's outputs and verified per
# library in both graph modes; the trained lenet-fashion's accuracy; and the error paths.
# Usage: cli_onnx_smoke.sh CNN_BENCH WORK_DIR NODE_TESTS_DIR EXPORT_SCRIPT
set -u
# shellcheck source=cli_test_lib.sh
source "$(dirname "$0")/cli_test_lib.sh"
begin_smoke "$1" "$2"
node_dir=$3
export_script=$4
libs=reference,openblas,onednn

# The 2-D CNN node tests of the ops the importer reads (and their variants it declines).
tests=()
for prefix in conv basic_conv maxpool_2d averagepool_2d globalaveragepool globalmaxpool lrn gemm matmul_2d relu \
  leakyrelu clip batchnorm concat add sum softmax flatten dropout identity; do
  for d in "$node_dir"/test_"$prefix"*; do [ -f "$d/model.onnx" ] && tests+=("$d"); done
done
expect 0 conformance conformance "${tests[@]}" --libs "$libs"
summary=$(tail -1 "$work/conformance.out")
echo "     $summary"
check "conformance: the README's counts" test "$summary" = "conformance: 128 tests, 384 runs: 222 pass, 0 fail, 162 unsupported"
check "conformance: no failure line" test "$(grep -c ' FAIL' "$work/conformance.out")" -eq 0
check "conformance: a supported test passes on each library" \
  test "$(grep -c '^test_conv_with_strides_and_asymmetric_padding  .* pass' "$work/conformance.out")" -eq 3
check "conformance: an unsupported one says why" \
  grep -q "^test_gemm_transposeA  onednn fp32  unsupported: .*node 0 '' (Gemm) is not supported: transA=1" "$work/conformance.out"

# torchvision's definitions, exported now; PyTorch's outputs are the expected ones.
if /usr/bin/python3 "$export_script" "$work/torchvision" >"$work/export.out" 2>"$work/export.err"; then
  echo "ok   export_torchvision"
  expect 0 torchvision_conformance conformance "$work/torchvision" --libs "$libs" --atol 1e-5
  check "torchvision: 4 models x 3 libraries pass" \
    test "$(tail -1 "$work/torchvision_conformance.out")" = "conformance: 4 tests, 12 runs: 12 pass, 0 fail, 0 unsupported"
  models=$(printf '%s,' "$work"/torchvision/*/model.onnx)
  expect 0 torchvision_verify verify --models "${models%,}" --libs openblas,onednn --graph caffe,fused --batch 2
  check "torchvision: 16 checks passed" grep -q '^16 of 16 checks passed$' "$work/torchvision_verify.out"
else
  echo "FAIL export_torchvision"; sed 's/^/    /' "$work/export.err" | tail -20; failures=$((failures + 1))
fi

# The trained LeNet: real accuracy, the same classes on every library.
expect 0 accuracy accuracy --models lenet-fashion --libs "$libs" --reps 1 --batch 500 --db "$db"
check "accuracy: at least 89 % top-1 on every library" python3 -c "
import re, sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith('lenet-fashion ')]
ok = len(rows) == 3 and all(float(r[4].rstrip('%')) >= 89 and float(r[7].rstrip('%')) >= 99.9 for r in rows)
sys.exit(0 if ok else 1)" "$work/accuracy.out"
check "accuracy: stored with the points" test "$(python3 -c "import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM points WHERE accuracy_images = 10000').fetchone()[0])" "$db")" -eq 3

# Error paths: one sentence, exit 2, nothing half-loaded.
head -c 3000 "$work/torchvision/resnet18/model.onnx" >"$work/truncated.onnx"
expect_usage_error truncated verify --models "$work/truncated.onnx" --libs openblas
check "truncated: names the file" grep -q "truncated.onnx' is not an ONNX model" "$work/truncated.err"
printf 'not a model' >"$work/text.onnx"
expect_usage_error not_protobuf run --models "$work/text.onnx" --libs openblas --batch 1 --no-store
expect_usage_error missing_file run --models "$work/none.onnx" --libs openblas --batch 1 --no-store
check "missing: names the file" grep -q "model file '$work/none.onnx' does not exist" "$work/missing_file.err"
end_smoke
