# End to end: cnn-bench with the results store (run, runs, report, import/export, refused and killed runs).
# Its runs compare the reference with OpenBLAS: only in builds that have it.
if(TARGET cnn_backend_openblas)
  add_test(NAME cli_store_smoke
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli_store_smoke.sh $<TARGET_FILE:cnn-bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/cli_store_smoke)
  set_tests_properties(cli_store_smoke PROPERTIES TIMEOUT 900)
endif()

# cli_smoke runs cnn-bench without --db: keep its runs out of the user's own results store.
if(TEST cli_smoke)
  set_property(TEST cli_smoke APPEND PROPERTY ENVIRONMENT "XDG_DATA_HOME=${CMAKE_CURRENT_BINARY_DIR}/cli_smoke_data")
endif()
