# Backends never include each other: no backends/X file includes backends/Y, no backends/X links
# cnn_backend_Y (backends/cuda_common is shared).
add_test(NAME backends_independent
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/backends_independent.sh ${PROJECT_SOURCE_DIR}/backends)
