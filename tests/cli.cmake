# End to end: schedulers (run --schedule stored with the run and its points, printed, reported, exported,
# imported); the reference library alone, so every build runs it.
add_test(NAME cli_schedule_smoke
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_schedule_smoke.sh $<TARGET_FILE:cnn-bench>
                 ${CMAKE_CURRENT_BINARY_DIR}/cli_schedule_smoke)
set_tests_properties(cli_schedule_smoke PROPERTIES TIMEOUT 900)
# The CLI tests compare the reference with OpenBLAS (and oneDNN): only in builds that have them.
if(TARGET cnn_backend_openblas)
  # End to end: the cnn-bench command line (run, verify, list, and exit status 2 on user errors).
  add_test(NAME cli_smoke
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_smoke.sh $<TARGET_FILE:cnn-bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/cli_smoke)
  set_tests_properties(cli_smoke PROPERTIES TIMEOUT 900)
  # End to end: graph modes (run --graph stored, printed, exported and imported; report, plan and verify per mode).
  add_test(NAME cli_graph_smoke
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_graph_smoke.sh $<TARGET_FILE:cnn-bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/cli_graph_smoke)
  set_tests_properties(cli_graph_smoke PROPERTIES TIMEOUT 900)
endif()
if(TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
  # End to end: adaptive plans from a stored run (cnn-bench plan), executed (run --libs adaptive) and reported.
  add_test(NAME cli_adaptive_smoke
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_adaptive_smoke.sh $<TARGET_FILE:cnn-bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/cli_adaptive_smoke)
  set_tests_properties(cli_adaptive_smoke PROPERTIES TIMEOUT 900)
endif()
# End to end: ONNX (ONNX's node tests through conformance, torchvision exports, lenet-fashion's accuracy)
# on the reference, OpenBLAS and oneDNN.
if(CNN_EXPLORER_ONNX AND TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
  add_test(NAME cli_onnx_smoke
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_onnx_smoke.sh $<TARGET_FILE:cnn-bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/cli_onnx_smoke /usr/share/libonnx-testdata/data/node
                   ${PROJECT_SOURCE_DIR}/models/tools/export_torchvision.py)
  set_tests_properties(cli_onnx_smoke PROPERTIES TIMEOUT 1200)
endif()
