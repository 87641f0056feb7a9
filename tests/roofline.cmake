# The roofline: FLOPs and bytes per layer type, the arithmetic of attainable performance and
# efficiency (hand-computed), and the machine's ceilings (measured, stored, read back).
cnn_add_test(test_roofline SOURCES test_roofline.cpp)
cnn_add_test(test_machine SOURCES test_machine.cpp LIBS cnn_backends)
# End to end: cnn-bench machine, export/import of the record, report's roofline section.
add_test(NAME cli_roofline_smoke
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_roofline_smoke.sh $<TARGET_FILE:cnn-bench>
                 ${CMAKE_CURRENT_BINARY_DIR}/cli_roofline_smoke)
set_tests_properties(cli_roofline_smoke PROPERTIES TIMEOUT 900)
