# The prototxt parser: input forms, syntax and error messages, prefixes and garbled files; each layer type's parameters.
cnn_add_qtest(test_prototxt SOURCES test_prototxt.cpp prototxt_invariants.h)
cnn_add_qtest(test_prototxt_params SOURCES test_prototxt_params.cpp)
set_target_properties(test_prototxt test_prototxt_params PROPERTIES AUTOMOC ON)
