# Reading JSON documents: one sentence for every error, the fuzzers' regressions among them.
cnn_add_test(test_json_fields SOURCES test_json_fields.cpp)
