# Schedules of concurrent stages (core/schedule): the types, the IOS dynamic program on hand-made
# graphs with fake costs, and scheduled sessions against sequential ones on every model.
cnn_add_test(test_schedule SOURCES test_schedule.cpp)
cnn_add_test(test_ios_search SOURCES test_ios_search.cpp)
cnn_add_test(test_merge SOURCES test_merge.cpp)
cnn_add_test(test_session_streams SOURCES test_session_streams.cpp LIBS cnn_backend_reference)
if(TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
  cnn_add_test(test_session_schedule SOURCES test_session_schedule.cpp
               LIBS cnn_backend_openblas cnn_backend_onednn cnn_backend_reference cnn_models)
  target_compile_definitions(test_session_schedule PRIVATE CNN_MODELS_DIR="${PROJECT_SOURCE_DIR}/models")
endif()
cnn_add_test(test_lanes SOURCES test_lanes.cpp)
