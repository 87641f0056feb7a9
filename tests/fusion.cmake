# The fusion pass: groups, names, costs and numbers of the fused graph.
cnn_add_test(test_fusion SOURCES test_fusion.cpp LIBS cnn_backend_reference)
target_compile_definitions(test_fusion PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
