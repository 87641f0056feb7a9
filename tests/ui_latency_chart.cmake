# The latency distribution chart: Tukey boxes per library and model from a fixture run, outliers as markers.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_latency_chart SOURCES test_ui_latency_chart.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
