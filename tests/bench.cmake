# The sweep engine (core/bench): the round schedule on synthetic series, the runner's visits, the
# progress lines, and whole sweeps on real libraries (lenet) with the store.
cnn_add_test(test_round_schedule SOURCES test_round_schedule.cpp)
cnn_add_test(test_progress_line SOURCES test_progress_line.cpp)
if(TARGET cnn_backend_openblas)
  foreach(subject sweep runner)
    cnn_add_test(test_${subject} SOURCES test_${subject}.cpp LIBS cnn_backend_openblas cnn_backend_reference cnn_models)
  endforeach()
endif()
