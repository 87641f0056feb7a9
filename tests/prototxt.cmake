# The prototxt parser: input forms, parameters, syntax and error messages, prefixes and garbled files.
cnn_add_qtest(test_prototxt SOURCES test_prototxt.cpp prototxt_invariants.h)
set_target_properties(test_prototxt PROPERTIES AUTOMOC ON)
