# Regressions of the fuzz targets (tests/fuzz), as ordinary tests that run on every build.
# Reading JSON documents: one sentence for every error, the fuzzers' regressions among them.
cnn_add_test(test_json_fields SOURCES test_json_fields.cpp)
# Damaged store files the store fuzzer found, kept as its seeds: one sentence each.
cnn_add_test(test_store_damaged SOURCES test_store_damaged.cpp LIBS SQLite::SQLite3)
target_compile_definitions(test_store_damaged PRIVATE CNN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
