# The explorer's charts: every chart from a fixture run and from nothing, rendered offscreen to PNG.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_charts SOURCES test_ui_charts.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
# The adaptive chart with measured adaptive points, and adaptive points in the per-layer chart and table.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_adaptive_chart SOURCES test_ui_adaptive_chart.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
