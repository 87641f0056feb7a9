# The roofline and efficiency charts and the per-layer table's roofline columns from a fixture run
# with a machine record: roofs, points, clicks, bars, and rendering at slide and strip sizes.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_roofline_chart SOURCES test_ui_roofline_chart.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
