# The accuracy-speed Pareto chart: measured and published top-1 against images/s from a fixture run,
# one front per accuracy scale, whiskers, the noisy mark, the legend and tool tips.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_accuracy_speed_chart SOURCES test_ui_accuracy_speed_chart.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
