# The OpenBLAS backend, op by op against the reference backend (shared harness: op_test_harness).
if(TARGET cnn_backend_openblas)
  # Its main() picks OpenBLAS's kernel for this CPU first, as cnn-bench's does.
  cnn_add_test(test_ops_openblas OWN_MAIN SOURCES test_ops_openblas.cpp op_test_harness.cpp op_test_harness.h
               LIBS cnn_backend_openblas cnn_backend_reference)
  target_compile_definitions(test_ops_openblas PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
endif()
