# The built-in models: parse, shapes, MACs/params against published figures, catalog lookups.
cnn_add_test(test_models SOURCES test_models.cpp LIBS cnn_models)

# The generated prototxts in models/ must match their generator.
find_package(Python3 COMPONENTS Interpreter QUIET)
if(Python3_Interpreter_FOUND)
  add_test(NAME models_prototxt_generated
           COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/models/tools/generate_prototxt.py --check)
endif()
