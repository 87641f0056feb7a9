# The ONNX importer: ops to layers and weights, folds, and every error path (tests/onnx_builder.h
# builds the models). Only in builds that read ONNX.
if(CNN_EXPLORER_ONNX)
  cnn_add_test(test_onnx_import SOURCES test_onnx_import.cpp LIBS onnx_proto protobuf::libprotobuf)
  target_include_directories(test_onnx_import PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(test_onnx_import PRIVATE CNN_FUZZ_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fuzz")
endif()
# ONNX backend tests run on a library: pass, fail with the error, unsupported with the reason.
if(CNN_EXPLORER_ONNX)
  cnn_add_test(test_conformance SOURCES test_conformance.cpp LIBS cnn_backend_reference onnx_proto protobuf::libprotobuf)
endif()
