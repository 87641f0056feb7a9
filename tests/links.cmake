# A build without the GUI, OpenBLAS, oneDNN or ONNX (a GPU machine's) links none of them: cnn-bench
# and a test are checked with ldd.
set(_cnn_left_out "")
if(NOT CNN_EXPLORER_GUI)
  list(APPEND _cnn_left_out "libQt6")
endif()
if(NOT TARGET cnn_backend_openblas)
  list(APPEND _cnn_left_out "libopenblas")
endif()
if(NOT TARGET cnn_backend_onednn)
  list(APPEND _cnn_left_out "libdnnl")
endif()
if(NOT CNN_EXPLORER_ONNX)
  list(APPEND _cnn_left_out "libonnx" "libprotobuf")
endif()
if(_cnn_left_out)
  list(JOIN _cnn_left_out "|" _cnn_pattern)
  add_test(NAME links_without_left_out_libraries
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/links_without.sh "${_cnn_pattern}"
                   $<TARGET_FILE:cnn-bench> $<TARGET_FILE:test_reference_ops>)
endif()
