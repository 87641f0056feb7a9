# The OpenBLAS backend, op by op against the reference backend (shared harness: op_test_harness).
if(TARGET cnn_backend_openblas)
  cnn_add_qtest(test_ops_openblas SOURCES test_ops_openblas.cpp op_test_harness.cpp op_test_harness.h
                LIBS cnn_backend_openblas cnn_backend_reference)
  set_target_properties(test_ops_openblas PROPERTIES AUTOMOC ON)
  target_compile_definitions(test_ops_openblas PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
endif()
