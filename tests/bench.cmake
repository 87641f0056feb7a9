# The sweep engine (core/bench): the round schedule on synthetic series, the runner's visits, the
# progress lines, and whole sweeps on real libraries (lenet) with the store.
cnn_add_qtest(test_round_schedule SOURCES test_round_schedule.cpp)
cnn_add_qtest(test_progress_line SOURCES test_progress_line.cpp)
set_target_properties(test_round_schedule test_progress_line PROPERTIES AUTOMOC ON)
if(TARGET cnn_backend_openblas)
  foreach(subject sweep runner)
    cnn_add_qtest(test_${subject} SOURCES test_${subject}.cpp LIBS cnn_backend_openblas cnn_backend_reference cnn_models)
    set_target_properties(test_${subject} PROPERTIES AUTOMOC ON)
  endforeach()
endif()
