# Batch-size text ("2:16:2", "1,4,8", "8") -> sizes, and the std::invalid_argument for bad text.
cnn_add_test(test_parse_batches SOURCES test_parse_batches.cpp)
