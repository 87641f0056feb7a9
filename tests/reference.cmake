# The reference backend: hand-computed fixtures per op, and every built-in model run through it.
cnn_add_test(test_reference_ops SOURCES test_reference_ops.cpp reference_test_util.h LIBS cnn_backend_reference)
cnn_add_test(test_reference_elementwise SOURCES test_reference_elementwise.cpp reference_test_util.h
             LIBS cnn_backend_reference)
cnn_add_test(test_reference_models SOURCES test_reference_models.cpp LIBS cnn_backend_reference)
target_compile_definitions(test_reference_models PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
