# The report of a run (core/analysis/report.h) and the published reference compiled into the binaries.
cnn_add_test(test_report SOURCES test_report.cpp analysis_fixtures.h LIBS cnn_resources)
target_compile_definitions(test_report PRIVATE
  TX1_REFERENCE_JSON="${PROJECT_SOURCE_DIR}/resources/reference/jetson-tx1-caffe-2016.json")
