# core's allocation hook, and what host sessions hold through it against their modelled memory.
cnn_add_test(test_memory_tracker SOURCES test_memory_tracker.cpp)
if(TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
  cnn_add_test(test_session_memory SOURCES test_session_memory.cpp
               LIBS cnn_backend_openblas cnn_backend_onednn cnn_models)
endif()
