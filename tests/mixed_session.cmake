# Sessions across libraries: mixed plans against the reference, copies between memory domains,
# reorder/transfer records, and adaptive plans run by the runner.
if(TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
  cnn_add_test(test_mixed_session SOURCES test_mixed_session.cpp
               LIBS cnn_backend_openblas cnn_backend_onednn cnn_backend_reference cnn_models)
endif()
