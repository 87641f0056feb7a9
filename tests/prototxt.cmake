# The prototxt parser: input forms, syntax and error messages, prefixes and garbled files; each layer type's parameters.
cnn_add_test(test_prototxt SOURCES test_prototxt.cpp prototxt_invariants.h)
cnn_add_test(test_prototxt_params SOURCES test_prototxt_params.cpp)
