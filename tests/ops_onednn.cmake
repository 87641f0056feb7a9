# The oneDNN backend, op by op against the reference backend (shared harness and shape table).
if(TARGET cnn_backend_onednn)
  cnn_add_test(test_ops_onednn SOURCES test_ops_onednn.cpp op_test_harness.cpp op_test_harness.h op_shape_table.h
               LIBS cnn_backend_onednn cnn_backend_reference DNNL::dnnl)
  target_compile_definitions(test_ops_onednn PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
endif()
