# The Schedule tab's charts from the chart fixture's branchy model run with each scheduler: the
# timeline's stages, groups and layer names, the scheduler bars' medians, rendered at slide and strip.
if(TARGET cnn_ui)
  cnn_add_qtest(test_ui_schedule_chart SOURCES test_ui_schedule_chart.cpp ui_charts_fixture.h LIBS cnn_ui)
endif()
