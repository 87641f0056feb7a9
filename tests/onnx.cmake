# The ONNX importer: ops to layers and weights, folds, and every error path (tests/onnx_builder.h
# builds the models). Only in builds that read ONNX.
if(CNN_EXPLORER_ONNX)
  cnn_add_qtest(test_onnx_import SOURCES test_onnx_import.cpp LIBS onnx_proto protobuf::libprotobuf)
  target_include_directories(test_onnx_import PRIVATE ${PROJECT_SOURCE_DIR})
endif()
