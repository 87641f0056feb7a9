# The explorer (offscreen): the worker on its thread, Stop, the tables, PNG export (one file per
# chart, headless command line too), the window with settings and the event-loop gap during a sweep,
# "Run adaptive plan" end to end (sweep, one click, stored run, plans saved as JSON/prototxt), and
# File > Open model (read off the UI thread, listed, remembered).
# Only the tests link the real backends next to cnn_ui; cnn_ui itself knows no library.
if(TARGET cnn_ui)
  set(ui_subjects worker tables export window model_opener)
  # Its plans run on OpenBLAS and oneDNN: built only with both, so without them it fails, not skips.
  if(TARGET cnn_backend_openblas AND TARGET cnn_backend_onednn)
    list(APPEND ui_subjects adaptive_run)
  endif()
  foreach(subject ${ui_subjects})
    cnn_add_qtest(test_ui_${subject} SOURCES test_ui_${subject}.cpp ui_test_support.h
                  LIBS cnn_ui cnn_backends cnn_models)
    set_target_properties(test_ui_${subject} PROPERTIES AUTOMOC ON)
  endforeach()
  if(TARGET cnn-explorer)
    add_dependencies(test_ui_export cnn-explorer)
    target_compile_definitions(test_ui_export PRIVATE CNN_EXPLORER_PATH="$<TARGET_FILE:cnn-explorer>")
  endif()
endif()
